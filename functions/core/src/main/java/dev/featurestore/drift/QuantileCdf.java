package dev.featurestore.drift;

import java.util.List;

/**
 * The cumulative distribution function implied by stored percentiles q0..q100: F(x) = P(X <= x), piecewise
 * linear between percentiles; ties (a value holding several percent of the data) make a step, so discrete
 * columns keep their point masses.
 */
final class QuantileCdf {
    private final double[] q;

    QuantileCdf(List<Double> quantiles) {
        q = new double[quantiles.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = quantiles.get(i);
        }
    }

    double at(double x) {
        int last = q.length - 1;
        if (last < 1 || x < q[0]) {
            return x < q[0] ? 0 : 1;
        }
        if (x >= q[last]) {
            return 1;
        }
        // the largest i with q[i] <= x
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (q[mid] <= x) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double fraction = (x - q[lo]) / (q[lo + 1] - q[lo]);
        return (lo + fraction) / last;
    }

    /** The share of values in (lower, upper]; null bounds are unbounded. */
    double share(Double lower, Double upper) {
        double hi = upper == null ? 1 : at(upper);
        double lo = lower == null ? 0 : at(lower);
        return Math.max(0, hi - lo);
    }

    /** The value at percentile p (0..100). */
    double percentile(int p) {
        return q[p * (q.length - 1) / 100];
    }
}
