package dev.featurestore.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The ranges of one {@link ObjectStore#getRanges} call grouped into spans for the adapters: sorted by offset,
 * neighbours less than {@code gap} bytes apart share one span (one positioned read locally, one ranged GET on
 * S3), and each range's bytes are cut back out of its span's.
 */
public final class RangeSpans {
    private RangeSpans() {
    }

    /** Bytes {@code start} (inclusive) to {@code end} (exclusive) of the object, covering the ranges {@code members}. */
    public record Span(long start, long end, int[] members) {
        public int length() {
            return Math.toIntExact(end - start);
        }

        /** Puts each member range's bytes, cut from this span's {@code bytes}, at its index in {@code out}. */
        public void cut(byte[] bytes, List<ObjectStore.Range> ranges, byte[][] out) {
            for (int m : members) {
                ObjectStore.Range r = ranges.get(m);
                int from = (int) (r.offset() - start);
                out[m] = members.length == 1 && from == 0 && r.length() == bytes.length ? bytes
                        : Arrays.copyOfRange(bytes, from, from + r.length());
            }
        }
    }

    public static List<Span> of(List<ObjectStore.Range> ranges, long gap) {
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> ranges.get(i).offset()));
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < order.length) {
            long start = ranges.get(order[i]).offset();
            long end = start + ranges.get(order[i]).length();
            int j = i + 1;
            while (j < order.length && ranges.get(order[j]).offset() <= end + gap) {
                end = Math.max(end, ranges.get(order[j]).offset() + ranges.get(order[j]).length());
                j++;
            }
            int[] members = new int[j - i];
            for (int k = i; k < j; k++) {
                members[k - i] = order[k];
            }
            spans.add(new Span(start, end, members));
            i = j;
        }
        return spans;
    }
}
