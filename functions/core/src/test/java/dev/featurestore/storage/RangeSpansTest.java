package dev.featurestore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSpansTest {

    @Test
    void neighboursShareASpan_andFarRangesDoNot_inOffsetOrder() {
        List<ObjectStore.Range> ranges = List.of(new ObjectStore.Range(100, 10), new ObjectStore.Range(0, 10),
                new ObjectStore.Range(15, 5), new ObjectStore.Range(1_000, 4));

        List<RangeSpans.Span> spans = RangeSpans.of(ranges, 8);

        assertThat(spans).hasSize(3);
        assertThat(spans.get(0).start()).isZero();
        assertThat(spans.get(0).end()).isEqualTo(20);
        assertThat(spans.get(0).members()).containsExactly(1, 2);
        assertThat(spans.get(1).members()).containsExactly(0);
        assertThat(spans.get(2).start()).isEqualTo(1_000);
        assertThat(spans.get(2).length()).isEqualTo(4);
    }

    @Test
    void cut_putsEachRangesBytesAtItsIndex_includingOverlappingRanges() {
        byte[] object = new byte[64];
        for (int i = 0; i < object.length; i++) {
            object[i] = (byte) i;
        }
        List<ObjectStore.Range> ranges = List.of(new ObjectStore.Range(10, 6), new ObjectStore.Range(2, 4),
                new ObjectStore.Range(12, 2));
        byte[][] out = new byte[ranges.size()][];

        for (RangeSpans.Span s : RangeSpans.of(ranges, 16)) {
            byte[] bytes = java.util.Arrays.copyOfRange(object, (int) s.start(), (int) s.end());
            s.cut(bytes, ranges, out);
        }

        assertThat(out[0]).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(out[1]).containsExactly(2, 3, 4, 5);
        assertThat(out[2]).containsExactly(12, 13);
    }

    @Test
    void noRanges_noSpans() {
        assertThat(RangeSpans.of(List.of(), 16)).isEmpty();
    }
}
