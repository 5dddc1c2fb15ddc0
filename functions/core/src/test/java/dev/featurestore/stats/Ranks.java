package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/** Checks quantiles against the exact ranks of the data. */
final class Ranks {
    private Ranks() {
    }

    /** The normalized rank of each returned quantile is within {@code bound} of the asked rank. */
    static void assertRankError(double[] data, List<Double> quantiles, double bound) {
        double[] sorted = data.clone();
        Arrays.sort(sorted);
        for (int q = 0; q < quantiles.size(); q++) {
            double value = quantiles.get(q);
            int lo = lowerBound(sorted, value);
            int hi = upperBound(sorted, value);
            double asked = (double) q / (quantiles.size() - 1);
            double rankLo = (double) lo / sorted.length;
            double rankHi = (double) hi / sorted.length;
            double error = asked < rankLo ? rankLo - asked : asked > rankHi ? asked - rankHi : 0;
            assertThat(error).as("rank error of quantile %d (value %s)", q, value).isLessThanOrEqualTo(bound);
        }
    }

    private static int lowerBound(double[] a, double v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == v) {
            i--;
        }
        return i;
    }

    private static int upperBound(double[] a, double v) {
        int i = Arrays.binarySearch(a, v);
        if (i < 0) {
            return -i - 1;
        }
        while (i < a.length - 1 && a[i + 1] == v) {
            i++;
        }
        return i + 1;
    }

}
