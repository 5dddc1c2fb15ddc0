package dev.featurestore.stats;

import dev.featurestore.merge.ColumnBatch;
import dev.featurestore.types.Field;
import java.util.List;

/**
 * count, min, max, mean, standard deviation and quantiles of a numeric, date or timestamp column. The finite values
 * are numbered in the order they come (their ordinal), and value {@code o} goes to lane {@code o mod }{@link #LANES}:
 * each lane keeps its own minimum, maximum and sums of deviations from a pivot. A batch's finite values are first
 * staged in order (one loop without a branch per value), and every {@link #LANES} staged values update the lanes
 * element by element (a loop of fixed length the JIT vectorizes) instead of in one chain of dependent additions.
 * Only the few rows the quantile sketch takes are looked at apart ({@link ColumnBatch#byPriority}). Within blocks of
 * {@link #BLOCK} values the pivot is the block's first value (no division per value); at the block's end the lanes'
 * sums are added in lane order and the block is folded into the running (n, mean, M2) with Chan et al.'s update,
 * the mergeable form of Welford's algorithm; re-pivoting on every block keeps the sums well conditioned. Which lane
 * and block a value falls in depends only on its ordinal, so the statistics do not depend on how the values were
 * batched: one call per value gives the same bits as the merge's pages.
 */
final class NumericCollector extends ColumnCollector {
    static final int BLOCK = 1 << 16;
    static final int BATCH = ColumnBatch.CAPACITY;
    /** The number of lanes; {@link #BLOCK} is a multiple of it, so every block starts at lane 0. */
    static final int LANES = ColumnBatch.CAPACITY;

    private long count;
    private long nonFinite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long n;
    private double mean;
    private double m2;
    /** The number of values in the open block's lanes (a multiple of {@link #LANES} until {@link #settle}). */
    private int blockSize;
    private double pivot;
    private final double[] laneSums = new double[LANES];
    private final double[] laneSquares = new double[LANES];
    private final double[] laneMins = filled(Double.POSITIVE_INFINITY);
    private final double[] laneMaxs = filled(Double.NEGATIVE_INFINITY);
    /**
     * The finite values not yet in the lanes, in order: fewer than {@link #LANES} between batches; a batch adds at
     * most {@link #BATCH}, and every full {@link #LANES} go to the lanes at once.
     */
    private final double[] staged = new double[LANES + BATCH];
    private int stagedCount;
    private final QuantileSketch sketch = new QuantileSketch();
    /** The one-value calls' values, collected {@link #BATCH} at a time by the batch loop ({@link #collect}). */
    private final long[] pendingRows = new long[BATCH];
    private final ColumnBatch pending = ColumnBatch.of(ColumnBatch.Kind.DOUBLE, pendingRows);
    private int pendingSize;

    NumericCollector(Field field) {
        super(field);
    }

    private static double[] filled(double value) {
        double[] lanes = new double[LANES];
        java.util.Arrays.fill(lanes, value);
        return lanes;
    }

    @Override
    public void observeLong(long row, long value) {
        observeDouble(row, value);
    }

    /**
     * A one-value call (the merge calls {@link #observe(ColumnBatch)}): buffered, and collected {@link #BATCH} at a
     * time by the same loop as the merge's batches, so both give the same statistics.
     */
    @Override
    public void observeDouble(long row, double value) {
        int n = pendingSize;
        pendingRows[n] = row;
        pending.setDouble(n, value);
        if ((pendingSize = n + 1) == BATCH) {
            collectPending();
        }
    }

    /** The merge's call: the batch's values collected ({@link #collect}). */
    @Override
    public void observe(ColumnBatch batch) {
        collectPending();
        collect(batch);
    }

    /**
     * The batch's finite values staged in order (one loop with no branch), the rows the sketch takes offered, and
     * every full {@link #LANES} staged values added to the lanes.
     */
    private void collect(ColumnBatch batch) {
        int size = batch.size();
        int nullValues = batch.nullCount();
        boolean longs = batch.kind() == ColumnBatch.Kind.LONG;
        int kept = longs ? stageLongs(batch, staged, stagedCount) : stageDoubles(batch, staged, stagedCount);
        count += size - nullValues;
        nulls += nullValues;
        nonFinite += size - nullValues - kept;
        sketch.seen(kept);
        offerToSketch(batch, longs);
        stagedCount += kept;
        if (stagedCount >= LANES) {
            addToLanes(LANES);
            stagedCount -= LANES;
            System.arraycopy(staged, LANES, staged, 0, stagedCount);
        }
    }

    /** The finite values of a DOUBLE batch into {@code out} from {@code at}, in order; returns their number. */
    private static int stageDoubles(ColumnBatch batch, double[] out, int at) {
        int size = batch.size();
        int next = at;
        for (int i = 0; i < size; i++) {
            double value = batch.doubleValue(i);
            out[next] = value;
            next += !batch.isNull(i) & Math.abs(value) <= Double.MAX_VALUE ? 1 : 0;
        }
        return next - at;
    }

    /** The values of a LONG batch (all finite) into {@code out} from {@code at}, in order; returns their number. */
    private static int stageLongs(ColumnBatch batch, double[] out, int at) {
        int size = batch.size();
        int next = at;
        for (int i = 0; i < size; i++) {
            out[next] = batch.longValue(i);
            next += batch.isNull(i) ? 0 : 1;
        }
        return next - at;
    }

    /**
     * Offers the sketch the finite values of the batch's rows at or above its level: the first few rows in
     * {@link ColumnBatch#byPriority} order (the sketch holds the same values whatever the order they come in).
     */
    private void offerToSketch(ColumnBatch batch, boolean longs) {
        int level = sketch.level();
        for (int k = 0; k < batch.size(); k++) {
            int i = batch.byPriority(k);
            int z = batch.priority(i);
            if (z < level) {
                return;
            }
            if (!batch.isNull(i)) {
                double value = longs ? batch.longValue(i) : batch.doubleValue(i);
                if (Math.abs(value) <= Double.MAX_VALUE) {
                    sketch.offer(z, value);
                    level = sketch.level();
                }
            }
        }
    }

    /**
     * Adds the first {@code count} staged values to the lanes, value {@code l} to lane {@code l}: each block starts
     * at lane 0, and its first value is its pivot.
     */
    private void addToLanes(int count) {
        if (blockSize == 0) {
            pivot = staged[0];
        }
        if (count == LANES) {
            addAll(staged, pivot, laneSums, laneSquares, laneMins, laneMaxs);
        } else {
            addSome(staged, count, pivot, laneSums, laneSquares, laneMins, laneMaxs);
        }
        blockSize += count;
        if (blockSize == BLOCK) {
            flushBlock();
        }
    }

    /** {@link #LANES} values, one per lane: a loop of fixed length over aligned arrays, which the JIT vectorizes. */
    private static void addAll(double[] values, double pivot, double[] sums, double[] squares, double[] mins,
                               double[] maxs) {
        for (int l = 0; l < LANES; l++) {
            double value = values[l];
            double d = value - pivot;
            sums[l] += d;
            squares[l] += d * d;
            mins[l] = Math.min(mins[l], value);
            maxs[l] = Math.max(maxs[l], value);
        }
    }

    /**
     * The same for the first {@code count} lanes (at a {@link #settle} only). Kept apart from {@link #addAll}: one loop
     * with a variable length for both costs 5–20% more per double value in {@code ColumnBatchThroughput}.
     */
    private static void addSome(double[] values, int count, double pivot, double[] sums, double[] squares,
                                double[] mins, double[] maxs) {
        for (int l = 0; l < count; l++) {
            double value = values[l];
            double d = value - pivot;
            sums[l] += d;
            squares[l] += d * d;
            mins[l] = Math.min(mins[l], value);
            maxs[l] = Math.max(maxs[l], value);
        }
    }

    private void collectPending() {
        if (pendingSize > 0) {
            pending.setSize(pendingSize);
            collect(pending);
            pending.clear();
            pendingSize = 0;
        }
    }

    /** Collects the buffered values and folds the open block in: the state merge, toStats and write read. */
    private void settle() {
        collectPending();
        if (stagedCount > 0) {
            addToLanes(stagedCount);
            stagedCount = 0;
        }
        flushBlock();
        foldExtremes();
    }

    private void flushBlock() {
        if (blockSize == 0) {
            return;
        }
        double sum = 0;
        double sumOfSquares = 0;
        for (int l = 0; l < LANES; l++) {
            sum += laneSums[l];
            sumOfSquares += laneSquares[l];
        }
        java.util.Arrays.fill(laneSums, 0);
        java.util.Arrays.fill(laneSquares, 0);
        double blockMean = pivot + sum / blockSize;
        double blockM2 = Math.max(0, sumOfSquares - sum * sum / blockSize);
        combine(blockSize, blockMean, blockM2);
        blockSize = 0;
    }

    /** Folds the lanes' minima and maxima into {@link #min} and {@link #max}. */
    private void foldExtremes() {
        for (int l = 0; l < LANES; l++) {
            min = Math.min(min, laneMins[l]);
            max = Math.max(max, laneMaxs[l]);
        }
        java.util.Arrays.fill(laneMins, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(laneMaxs, Double.NEGATIVE_INFINITY);
    }

    private void combine(long nb, double meanB, double m2B) {
        if (nb == 0) {
            return;
        }
        long total = n + nb;
        double delta = meanB - mean;
        mean += delta * nb / total;
        m2 += m2B + delta * delta * ((double) n * nb / total);
        n = total;
    }

    @Override
    void merge(ColumnCollector other) {
        NumericCollector o = (NumericCollector) other;
        o.settle();
        settle();
        count += o.count;
        nulls += o.nulls;
        nonFinite += o.nonFinite;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        combine(o.n, o.mean, o.m2);
        sketch.merge(o.sketch);
    }

    @Override
    ColumnStats toStats() {
        settle();
        NumericStats numeric = null;
        if (n > 0) {
            List<Double> q = new java.util.ArrayList<>(sketch.quantiles(NumericStats.QUANTILES));
            // the sketch holds samples; the ends are known exactly
            q.set(0, min);
            q.set(q.size() - 1, max);
            for (int i = 1; i < q.size() - 1; i++) {
                q.set(i, Math.min(max, Math.max(min, q.get(i))));
            }
            double stddev = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
            numeric = new NumericStats(min, max, mean, stddev, nonFinite, q);
        }
        return new ColumnStats(field.type().sqlName(), count, nulls, numeric, null, null);
    }

    @Override
    void write(java.io.DataOutput out) throws java.io.IOException {
        settle();
        out.writeLong(nulls);
        out.writeLong(count);
        out.writeLong(nonFinite);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(m2);
        sketch.write(out);
    }

    @Override
    void readState(java.io.DataInput in) throws java.io.IOException {
        nulls = in.readLong();
        count = in.readLong();
        nonFinite = in.readLong();
        min = in.readDouble();
        max = in.readDouble();
        n = in.readLong();
        mean = in.readDouble();
        m2 = in.readDouble();
        sketch.readState(in);
    }
}
