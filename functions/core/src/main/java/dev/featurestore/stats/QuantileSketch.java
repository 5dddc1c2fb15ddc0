package dev.featurestore.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mergeable quantile sketch with bounded memory: a KLL-style hierarchy of compactors (level h holds items of
 * weight 2^h, each level at most {@link #K} items; a full level is sorted and every other item moves up) fed
 * by adaptive systematic sampling so the per-value cost stays a counter decrement for large inputs.
 *
 * <p>The first {@link #EXACT} values enter level 0 (weight 1). After that, the stride doubles every time the
 * number of values seen doubles: in each block of 2^s consecutive values one, at a pseudo-random position,
 * enters level s with weight 2^s. Every epoch therefore contributes {@code EXACT / 2} samples and the whole
 * stream is represented with equal weight. Normalized rank error: about 1% from the compactors (K = 512) plus
 * about 0.6% from sampling (EXACT = 4096: each doubling of EXACT cuts the sampling error by √2 and costs
 * about 10 ns more per value in the merge). The pseudo-random generator has a fixed seed: the same input in the same order
 * gives the same sketch.
 */
final class QuantileSketch {
    static final int K = 512;
    static final int EXACT = 1 << 12;
    private static final int MAX_LEVELS = 64;

    private final double[][] levels = new double[MAX_LEVELS][];
    private final int[] sizes = new int[MAX_LEVELS];
    private int levelCount;
    private long random = 0x2545F4914F6CDD1DL;

    private long seen;
    private int sampleLevel;
    private long nextEpoch = EXACT;
    private long skip = 1;
    private long restOfBlock;

    /** Offers one value (finite). */
    void add(double value) {
        seen++;
        if (--skip == 0) {
            insert(sampleLevel, value);
            schedule();
        }
    }

    /** Picks the next sampled position: the next block starts after the rest of the current one. */
    private void schedule() {
        long blockStart = seen + restOfBlock;
        if (blockStart >= nextEpoch) {
            sampleLevel++;
            nextEpoch <<= 1;
        }
        long stride = 1L << sampleLevel;
        long position = stride == 1 ? 0 : Long.remainderUnsigned(nextRandom(), stride);
        skip = restOfBlock + position + 1;
        restOfBlock = stride - position - 1;
    }

    private long nextRandom() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x;
    }

    private void insert(int level, double value) {
        double[] items = levels[level];
        if (items == null) {
            items = new double[K];
            levels[level] = items;
            levelCount = Math.max(levelCount, level + 1);
        }
        items[sizes[level]++] = value;
        if (sizes[level] == K) {
            compact(level);
        }
    }

    private void compact(int level) {
        double[] items = levels[level];
        int n = sizes[level];
        Arrays.sort(items, 0, n);
        int keep = n & 1;
        int start = keep + (int) (nextRandom() >>> 63);
        sizes[level] = keep; // an odd item out (the smallest) stays at this level
        for (int i = start; i < n; i += 2) {
            insert(level + 1, items[i]);
        }
    }

    /** Adds every item of {@code other} at its weight. */
    void merge(QuantileSketch other) {
        for (int h = 0; h < other.levelCount; h++) {
            double[] items = other.levels[h];
            for (int i = 0; i < other.sizes[h]; i++) {
                insert(h, items[i]);
            }
        }
        seen += other.seen;
    }

    long seen() {
        return seen;
    }

    /** The number of items held (memory is this times 8 bytes, plus at most K per level allocated). */
    int retained() {
        int total = 0;
        for (int h = 0; h < levelCount; h++) {
            total += sizes[h];
        }
        return total;
    }

    /**
     * The values at ranks {@code i / (count - 1)} for i = 0..count-1, interpolating nothing: each is a stored
     * item. Empty when nothing was added.
     */
    List<Double> quantiles(int count) {
        int total = 0;
        for (int h = 0; h < levelCount; h++) {
            total += sizes[h];
        }
        if (total == 0) {
            return List.of();
        }
        double[] values = new double[total];
        long[] weights = new long[total];
        int n = 0;
        for (int h = 0; h < levelCount; h++) {
            for (int i = 0; i < sizes[h]; i++) {
                values[n] = levels[h][i];
                weights[n] = 1L << h;
                n++;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] cumulative = new double[total];
        double sum = 0;
        for (int i = 0; i < total; i++) {
            sum += weights[order[i]];
            cumulative[i] = sum;
        }
        List<Double> result = new ArrayList<>(count);
        int j = 0;
        for (int q = 0; q < count; q++) {
            double rank = sum * q / (count - 1);
            while (j < total - 1 && cumulative[j] < rank) {
                j++;
            }
            result.add(values[order[j]]);
        }
        return result;
    }
}
