package dev.featurestore.stats;

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
