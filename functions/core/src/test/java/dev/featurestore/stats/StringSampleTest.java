package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringSampleTest {

    @Test
    void keepsTheFirstBytesOfEachHash_whenHashesCollideOnASlotOrAreZero() {
        StringSample.ValueBytes values = new StringSample.ValueBytes(16);
        long[] hashes = {0L, 64L, 128L, 1L << 32 | 64L, 0L, 64L};
        String[] texts = {"zero", "a", "b", "c", "zero again", "a again"};
        for (int i = 0; i < hashes.length; i++) {
            byte[] utf8 = ("[" + texts[i] + "]").getBytes(StandardCharsets.UTF_8);
            values.putIfAbsent(hashes[i], utf8, 1, utf8.length - 2);
        }

        assertThat(new String(values.get(0L), StandardCharsets.UTF_8)).isEqualTo("zero");
        assertThat(new String(values.get(64L), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(values.get(128L), StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(new String(values.get(1L << 32 | 64L), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(values.get(192L)).isNull();
    }

    @Test
    void findsEveryHeldValue_afterTheTableGrows() {
        StringSample.ValueBytes values = new StringSample.ValueBytes(16);
        for (long h = 0; h < 10_000; h++) {
            byte[] utf8 = Long.toString(h).getBytes(StandardCharsets.UTF_8);
            values.putIfAbsent(h * 1024, utf8, 0, utf8.length);
            values.putIfAbsent(h * 1024, new byte[] {'x'}, 0, 1);
        }

        for (long h = 0; h < 10_000; h++) {
            assertThat(new String(values.get(h * 1024), StandardCharsets.UTF_8)).isEqualTo(Long.toString(h));
        }
    }
}
