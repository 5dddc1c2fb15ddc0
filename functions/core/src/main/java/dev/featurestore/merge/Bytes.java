package dev.featurestore.merge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads/writes, the varint lengths and the id hash of the spill format. */
final class Bytes {

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    /** The unsigned varint at {@code off} (a spill record's lengths); it takes {@link #varintSize} bytes. */
    static int varint(byte[] b, int off) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[off++];
            v |= (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    /** The bytes of {@code v} as a varint: the spill writes the shortest form. */
    static int varintSize(int v) {
        return v < (1 << 7) ? 1 : v < (1 << 14) ? 2 : v < (1 << 21) ? 3 : v < (1 << 28) ? 4 : 5;
    }

    /** A 64-bit hash of {@code len} bytes (word-at-a-time multiply-rotate, murmur3 finalizer). */
    static long hash(byte[] b, int off, int len) {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            h = Long.rotateLeft(h ^ getLong(b, off + i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        long tail = 0;
        for (int s = 0; i < len; i++, s += 8) {
            tail |= (b[off + i] & 0xFFL) << s;
        }
        h = Long.rotateLeft(h ^ tail * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
