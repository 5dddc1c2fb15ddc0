package dev.featurestore.stats;

import dev.featurestore.merge.ColumnBatch;
import dev.featurestore.merge.RowKeys;
import dev.featurestore.types.Field;

/**
 * Distinct count, lengths and frequent values of a string column. Each value's hash comes with it (over its
 * UTF-8 bytes, computed once by the merge, never decoded). While every distinct value fits in the frequent-items
 * table ({@link #CAPACITY}) the table's counts are exact and its size is the exact distinct count. Once it
 * overflows (at its first purge it hands all its hashes to the HyperLogLog) the column has more than
 * {@code CAPACITY} distinct values: from then on the distinct count is the HyperLogLog's and the frequent values
 * are estimated from a row-keyed sample ({@link StringSample}) kept from the first value on. Both paths give
 * the same statistics for the same data however it was split or ordered: exact counts do not depend on order,
 * the HyperLogLog is a register-wise maximum, and the sample is chosen by row key.
 */
final class StringCollector extends ColumnCollector {
    static final int CAPACITY = 1024;

    private long count;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength;
    private long totalLength;
    private final HyperLogLog distinct = new HyperLogLog();
    private final FrequentItems items = new FrequentItems(CAPACITY, distinct);
    private final StringSample sample = new StringSample();

    StringCollector(Field field) {
        super(field);
    }

    /** A one-value call (the merge calls {@link #observe(ColumnBatch)}): the same statistics. */
    @Override
    public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
        count++;
        minLength = Math.min(minLength, length);
        maxLength = Math.max(maxLength, length);
        totalLength += length;
        sample.add(RowKeys.priority(row), hash, utf8, offset, length);
        if (items.exact()) {
            items.add(hash, utf8, offset, length);
        } else {
            distinct.add(hash);
        }
    }

    /**
     * The merge's call, in loops that each do one thing: the lengths over every position (a null's length is 0),
     * the sample over the few rows at or above its level ({@link ColumnBatch#byPriority}), then each value into the
     * frequent-items table while it is exact, or into the HyperLogLog once it is not.
     */
    @Override
    public void observe(ColumnBatch batch) {
        int size = batch.size();
        int nullValues = batch.nullCount();
        nulls += nullValues;
        count += size - nullValues;
        int lo = minLength;
        int hi = maxLength;
        long total = 0;
        for (int i = 0; i < size; i++) {
            int length = batch.length(i);
            total += length;
            hi = Math.max(hi, length);
            lo = Math.min(lo, batch.isNull(i) ? Integer.MAX_VALUE : length);
        }
        minLength = lo;
        maxLength = hi;
        totalLength += total;
        byte[] utf8 = batch.utf8();
        for (int k = 0; k < size; k++) {
            int i = batch.byPriority(k);
            int z = batch.priority(i);
            if (z < sample.level()) {
                break;
            }
            if (!batch.isNull(i)) {
                sample.add(z, batch.hash(i), utf8, batch.offset(i), batch.length(i));
            }
        }
        int i = items.exact() ? items.addWhileExact(batch) : 0;
        for (; i < size; i++) {
            if (!batch.isNull(i)) {
                distinct.add(batch.hash(i));
            }
        }
    }

    @Override
    void merge(ColumnCollector other) {
        StringCollector o = (StringCollector) other;
        count += o.count;
        nulls += o.nulls;
        minLength = Math.min(minLength, o.minLength);
        maxLength = Math.max(maxLength, o.maxLength);
        totalLength += o.totalLength;
        // both sides' distinct values into the HyperLogLogs first: the merged table may stop being exact
        items.addHashesTo(distinct);
        o.items.addHashesTo(o.distinct);
        distinct.merge(o.distinct);
        items.merge(o.items);
        sample.merge(o.sample);
    }

    @Override
    ColumnStats toStats() {
        StringStats strings = null;
        if (count > 0) {
            boolean exact = items.exact();
            var top = exact ? items.top(StringStats.TOP) : sample.top(StringStats.TOP);
            long listed = 0;
            for (TopValue t : top) {
                listed += t.count();
            }
            long estimate = exact ? items.size() : distinct.estimate();
            strings = new StringStats(estimate, minLength, maxLength, (double) totalLength / count, top,
                    Math.max(0, count - listed), exact ? 0 : sample.weight());
        }
        return new ColumnStats(field.type().sqlName(), count, nulls, null, strings, null);
    }

    @Override
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(nulls);
        out.writeLong(count);
        out.writeInt(minLength);
        out.writeInt(maxLength);
        out.writeLong(totalLength);
        distinct.write(out);
        items.write(out);
        sample.write(out);
    }

    @Override
    void readState(java.io.DataInput in) throws java.io.IOException {
        nulls = in.readLong();
        count = in.readLong();
        minLength = in.readInt();
        maxLength = in.readInt();
        totalLength = in.readLong();
        distinct.readState(in);
        items.readState(in);
        sample.readState(in);
    }
}
