package dev.featurestore.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast 64-bit hash of UTF-8 bytes (8 bytes per step, murmur3's finalizer), without decoding them. */
public final class Hashing {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Hashing() {
    }

    public static long hash(byte[] bytes, int offset, int length) {
        long h = 0x9e3779b97f4a7c15L ^ length;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long k = (long) LONGS.get(bytes, i);
            k *= C1;
            k = Long.rotateLeft(k, 31);
            k *= C2;
            h ^= k;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        int rest = end - i;
        if (rest > 0 && i + 8 <= bytes.length) {
            // one read past the value (inside the array), the extra bytes masked off: same result as the loop
            tail = (long) LONGS.get(bytes, i) & (-1L >>> (64 - 8 * rest));
        } else {
            for (int shift = 0; i < end; i++, shift += 8) {
                tail |= (bytes[i] & 0xffL) << shift;
            }
        }
        h ^= Long.rotateLeft(tail * C1, 31) * C2;
        return fmix(h);
    }

    static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
