package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;

/**
 * The statistics collector of one column in one merge worker. Mergeable: combining the collectors of several
 * workers gives the statistics of all their values. Not thread-safe, like every {@link ColumnObserver}.
 */
abstract sealed class ColumnCollector implements ColumnObserver
        permits NumericCollector, StringCollector, BooleanCollector {
    final Field field;
    long nulls;

    ColumnCollector(Field field) {
        this.field = field;
    }

    static ColumnCollector create(Field field) {
        return switch (field.type().kind()) {
            case STRING -> new StringCollector(field);
            case BOOLEAN -> new BooleanCollector(field);
            case INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP -> new NumericCollector(field);
        };
    }

    @Override
    public final void observeNull(long row) {
        nulls++;
    }

    @Override
    public void observeLong(long row, long value) {
        throw unexpected("a long");
    }

    @Override
    public void observeDouble(long row, double value) {
        throw unexpected("a double");
    }

    @Override
    public void observeBoolean(long row, boolean value) {
        throw unexpected("a boolean");
    }

    @Override
    public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
        throw unexpected("a string");
    }

    private IllegalStateException unexpected(String what) {
        return new IllegalStateException("Cannot collect statistics of field '" + field.name() + "': got " + what
                + " for type " + field.type().sqlName() + " (the merge passes values in the ColumnObserver encodings)");
    }

    /** Adds everything {@code other} (same field) has seen to this collector. */
    abstract void merge(ColumnCollector other);

    abstract ColumnStats toStats();

    /** Writes everything this collector has seen, for {@link #read} in another process (a distributed merge's finalize). */
    abstract void write(java.io.DataOutput out) throws java.io.IOException;

    /** A collector of {@code field} holding what {@link #write} wrote. */
    static ColumnCollector read(Field field, java.io.DataInput in) throws java.io.IOException {
        ColumnCollector c = create(field);
        c.readState(in);
        return c;
    }

    abstract void readState(java.io.DataInput in) throws java.io.IOException;
}
