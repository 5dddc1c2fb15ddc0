package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashingTest {
    /** The definition, a byte at a time: 8-byte little-endian blocks, then the tail (murmur3's finalizer). */
    private static long reference(byte[] bytes, int offset, int length) {
        long h = 0x9e3779b97f4a7c15L ^ length;
        int blocks = length / 8;
        for (int b = 0; b < blocks; b++) {
            long k = 0;
            for (int j = 7; j >= 0; j--) {
                k = (k << 8) | (bytes[offset + 8 * b + j] & 0xffL);
            }
            h ^= Long.rotateLeft(k * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long tail = 0;
        for (int j = length - 1; j >= 8 * blocks; j--) {
            tail = (tail << 8) | (bytes[offset + j] & 0xffL);
        }
        h ^= Long.rotateLeft(tail * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
        return Hashing.fmix(h);
    }

    @Test
    void givesTheDefinition_whateverTheLengthOffsetAndRoomAfterTheValue() {
        SplittableRandom random = new SplittableRandom(14);
        for (int length = 0; length <= 40; length++) {
            for (int offset = 0; offset <= 9; offset++) {
                for (int room = 0; room <= 17; room++) { // bytes after the value: short values near the array's end
                    byte[] bytes = new byte[offset + length + room];
                    random.nextBytes(bytes);
                    long expected = reference(bytes, offset, length);
                    assertThat(Hashing.hash(bytes, offset, length)).as("length %d offset %d room %d", length, offset, room)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void knownValues_stayTheSame() {
        // checksums and statistics of published versions depend on these values: a change must be deliberate
        assertThat(Long.toHexString(hash("c000000042"))).isEqualTo("b132834415c7cae6");
        assertThat(Long.toHexString(hash("city_1234"))).isEqualTo("5ff7a5f181283e8c");
    }

    private static long hash(String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Hashing.hash(bytes, 0, bytes.length);
    }
}
