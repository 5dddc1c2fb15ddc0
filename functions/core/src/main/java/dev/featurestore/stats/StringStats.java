package dev.featurestore.stats;

import java.util.List;

/**
 * Statistics of a string column: approximate distinct count (HyperLogLog, ~1.6%), UTF-8 byte lengths, and the
 * most frequent values with their counts. {@code other} is the number of values not counted in {@code top}.
 * The counts are lower bounds at most {@code maxError} below the truth (0: exact, which holds while the column
 * has at most about a thousand distinct values per merge worker).
 */
public record StringStats(long distinct, int minLength, int maxLength, double meanLength, List<TopValue> top,
                          long other, long maxError) {
    public static final int TOP = 20;

    public StringStats {
        top = List.copyOf(top);
    }
}
