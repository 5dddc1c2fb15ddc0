package dev.featurestore.stats;

import dev.featurestore.types.Field;

/**
 * Distinct count, lengths and frequent values of a string column. Each value is hashed once (over its UTF-8
 * bytes, never decoded) and the hash feeds the frequent-items table and, once that table is no longer exact,
 * the HyperLogLog: while every distinct value fits in the table its size is the exact distinct count, and at
 * its first purge the table hands all its hashes to the HyperLogLog, so low-cardinality columns never pay
 * for it. Columns with many distinct values churn the table on every new value; once one has, after
 * {@link #SAMPLE_AFTER} values only a systematic sample (weighted, see {@link SystematicSampler}) updates the
 * table: its counts become estimates, which is what drift's shares need.
 */
final class StringCollector extends ColumnCollector {
    static final int CAPACITY = 1024;
    /** Values counted one by one before sampling may start (once the table stopped being exact). */
    static final int SAMPLE_AFTER = 1 << 15;

    private long count;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength;
    private long totalLength;
    private final HyperLogLog distinct = new HyperLogLog();
    private final FrequentItems items = new FrequentItems(CAPACITY, distinct);
    private SystematicSampler sampler;

    StringCollector(Field field) {
        super(field);
    }

    @Override
    public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
        count++;
        if (length < minLength) {
            minLength = length;
        }
        if (length > maxLength) {
            maxLength = length;
        }
        totalLength += length;
        if (items.exact()) {
            items.add(hash, utf8, offset, length);
            return;
        }
        distinct.add(hash);
        if (sampler == null) {
            if (count < SAMPLE_AFTER) {
                items.add(hash, utf8, offset, length);
                return;
            }
            // many distinct values: the table churns on every new one; from here on it sees a sample
            // (doubling stride, weighted), which keeps the frequent values and their shares
            sampler = new SystematicSampler(count - 1); // this value is the next one
        }
        if (sampler.sample()) {
            items.addWeighted(hash, utf8, offset, length, 1L << sampler.weightLevel());
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
    }

    @Override
    ColumnStats toStats() {
        StringStats strings = null;
        if (count > 0) {
            var top = items.top(StringStats.TOP);
            long listed = 0;
            for (TopValue t : top) {
                listed += t.count();
            }
            // while nothing was purged the table holds every distinct value: exact
            long estimate = items.maxError() == 0 ? items.size() : Math.max(distinct.estimate(), items.size());
            strings = new StringStats(estimate, minLength, maxLength, (double) totalLength / count, top,
                    count - listed, items.maxError());
        }
        return new ColumnStats(field.type().sqlName(), count, nulls, null, strings, null);
    }
}
