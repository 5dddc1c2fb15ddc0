package dev.featurestore.stats;

import dev.featurestore.merge.ColumnBatch;
import dev.featurestore.types.Field;
import java.util.List;

/**
 * count, min, max, mean, standard deviation and quantiles of a numeric, date or timestamp column. The moments
 * are accumulated as sums of deviations from a pivot within blocks of {@link #BLOCK} values (no division per
 * value) and each block is folded into the running (n, mean, M2) with Chan et al.'s update, the mergeable form
 * of Welford's algorithm; re-pivoting on every block keeps the sums well conditioned.
 */
final class NumericCollector extends ColumnCollector {
    static final int BLOCK = 1 << 16;
    static final int BATCH = ColumnBatch.CAPACITY;

    private long count;
    private long nonFinite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long n;
    private double mean;
    private double m2;
    private int blockSize;
    private double pivot;
    private double sum;
    private double sumOfSquares;
    private final QuantileSketch sketch = new QuantileSketch();
    /** The one-value calls' values, collected {@link #BATCH} at a time by the batch loop ({@link #collect}). */
    private final long[] pendingRows = new long[BATCH];
    private final ColumnBatch pending = ColumnBatch.of(ColumnBatch.Kind.DOUBLE, pendingRows);
    private int pendingSize;

    NumericCollector(Field field) {
        super(field);
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

    /**
     * The merge's call: the batch's values collected in one loop, in order (the same statistics as one value at a
     * time), with the running sums in locals.
     */
    @Override
    public void observe(ColumnBatch batch) {
        collectPending();
        collect(batch);
    }

    /**
     * The batch's values in one loop, in order, with the running sums in locals (nulls counted). Whether the values
     * are longs is the same for the whole loop, so the JIT compiles one loop for each.
     */
    private void collect(ColumnBatch batch) {
        int size = batch.size();
        boolean longs = batch.kind() == ColumnBatch.Kind.LONG;
        double lo = min;
        double hi = max;
        double p = pivot;
        double s = sum;
        double ss = sumOfSquares;
        int block = blockSize;
        long bad = 0;
        long nullValues = 0;
        int level = sketch.level();
        for (int i = 0; i < size; i++) {
            if (batch.isNull(i)) {
                nullValues++;
                continue;
            }
            double value = longs ? batch.longValue(i) : batch.doubleValue(i);
            if (!(Math.abs(value) <= Double.MAX_VALUE)) {
                bad++;
                continue;
            }
            lo = value < lo ? value : lo;
            hi = value > hi ? value : hi;
            if (block == 0) {
                p = value;
            }
            double d = value - p;
            s += d;
            ss += d * d;
            if (++block == BLOCK) {
                pivot = p;
                sum = s;
                sumOfSquares = ss;
                blockSize = block;
                flushBlock();
                s = 0;
                ss = 0;
                block = 0;
            }
            if (batch.priority(i) >= level) { // rare once the sketch is full: most rows are below its level
                sketch.offer(batch.priority(i), value);
                level = sketch.level();
            }
        }
        count += size - nullValues;
        nulls += nullValues;
        nonFinite += bad;
        sketch.seen(size - nullValues - bad);
        min = lo;
        max = hi;
        pivot = p;
        sum = s;
        sumOfSquares = ss;
        blockSize = block;
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
        flushBlock();
    }

    private void flushBlock() {
        if (blockSize == 0) {
            return;
        }
        double blockMean = pivot + sum / blockSize;
        double blockM2 = Math.max(0, sumOfSquares - sum * sum / blockSize);
        combine(blockSize, blockMean, blockM2);
        blockSize = 0;
        sum = 0;
        sumOfSquares = 0;
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
