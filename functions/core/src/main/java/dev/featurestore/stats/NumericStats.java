package dev.featurestore.stats;

import java.util.List;

/**
 * Statistics of the finite values of a numeric, date or timestamp column (dates as epoch days, timestamps as
 * epoch microseconds; bigints beyond 2^53 are rounded to the nearest double here). {@code stddev} is the
 * sample standard deviation (n - 1; 0 for one value). {@code quantiles} holds {@link #QUANTILES} values, the
 * percentiles 0, 1, ..., 100 (the first is {@code min}, the last {@code max}), approximate to about 1% of
 * rank. {@code nonFinite} counts NaN and infinite values, left out of everything else here.
 */
public record NumericStats(double min, double max, double mean, double stddev, long nonFinite,
                           List<Double> quantiles) {
    public static final int QUANTILES = 101;

    public NumericStats {
        quantiles = List.copyOf(quantiles);
    }
}
