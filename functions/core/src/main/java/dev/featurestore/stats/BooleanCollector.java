package dev.featurestore.stats;

import dev.featurestore.merge.ColumnBatch;
import dev.featurestore.types.Field;

/** True, false and null counts of a boolean column. */
final class BooleanCollector extends ColumnCollector {
    private long trues;
    private long falses;

    BooleanCollector(Field field) {
        super(field);
    }

    @Override
    public void observeBoolean(long row, boolean value) {
        if (value) {
            trues++;
        } else {
            falses++;
        }
    }

    /** The merge's call: one loop over the batch. */
    @Override
    public void observe(ColumnBatch batch) {
        int size = batch.size();
        long nullValues = 0;
        long trueValues = 0;
        for (int i = 0; i < size; i++) {
            // counted, not branched on: random booleans would mispredict every other value
            boolean isNull = batch.isNull(i);
            nullValues += isNull ? 1 : 0;
            trueValues += batch.longValue(i) & (isNull ? 0 : 1);
        }
        nulls += nullValues;
        trues += trueValues;
        falses += size - nullValues - trueValues;
    }

    @Override
    void merge(ColumnCollector other) {
        BooleanCollector o = (BooleanCollector) other;
        trues += o.trues;
        falses += o.falses;
        nulls += o.nulls;
    }

    @Override
    ColumnStats toStats() {
        return new ColumnStats(field.type().sqlName(), trues + falses, nulls, null, null,
                new BooleanStats(trues, falses));
    }

    @Override
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(nulls);
        out.writeLong(trues);
        out.writeLong(falses);
    }

    @Override
    void readState(java.io.DataInput in) throws java.io.IOException {
        nulls = in.readLong();
        trues = in.readLong();
        falses = in.readLong();
    }
}
