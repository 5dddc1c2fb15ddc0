package dev.featurestore.stats;

import java.util.List;

/**
 * Statistics of a string column: approximate distinct count (HyperLogLog, ~1.6%), UTF-8 byte lengths, and the
 * most frequent values with their counts. {@code other} is the number of values not counted in {@code top}.
 * {@code maxError} 0: the counts are exact (the column has at most about a thousand distinct values). Otherwise
 * the counts are estimates from a uniform sample of rows chosen by row key, in which each sampled row stands for
 * {@code maxError} rows (the same estimates for the same data however it was split or ordered).
 */
public record StringStats(long distinct, int minLength, int maxLength, double meanLength, List<TopValue> top,
                          long other, long maxError) {
    public static final int TOP = 20;

    public StringStats {
        top = List.copyOf(top);
    }
}
