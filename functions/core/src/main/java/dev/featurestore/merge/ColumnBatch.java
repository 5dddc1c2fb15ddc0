package dev.featurestore.merge;

import dev.featurestore.parquet.BufferedPage;
import dev.featurestore.types.FieldType;

/**
 * The values of one output column for a run of consecutive rows (at most {@link #CAPACITY}), handed to a
 * {@link ColumnObserver} in one call: the merge collects them as it writes the rows and calls each column's
 * observer once per run, so an observer loops over arrays instead of being called per value. Value {@code i}
 * belongs to the row with key {@link #row(int)}; values come in the order the rows were written, the same order
 * as the one-value calls. Encodings are {@link ColumnObserver}'s, by {@link Kind}. A batch is valid only during
 * the call: the merge reuses its arrays and the string bytes for the next run. Not thread-safe.
 */
public final class ColumnBatch {
    /** The most rows one batch holds. */
    public static final int CAPACITY = 256;

    /** How a batch holds its values. */
    public enum Kind {
        /** int, bigint, date (epoch day), timestamp (epoch microseconds): {@link #longValue}. */
        LONG,
        /** float, double, decimal: {@link #doubleValue}. */
        DOUBLE,
        /** {@link #booleanValue}. */
        BOOLEAN,
        /** UTF-8 bytes ({@link #utf8}, {@link #offset}, {@link #length}) and their {@link #hash}. */
        STRING
    }

    private final Kind kind;
    private final long[] rows;
    /** The rows' {@link RowKeys#priority}: shared like the rows, or the batch's own ({@link #of}). */
    private final byte[] priorities;
    private final boolean ownPriorities;
    private final boolean[] nulls = new boolean[CAPACITY];
    /** The positions of the nulls, in order. */
    private final int[] nullPositions = new int[CAPACITY];
    private int nullCount;
    /**
     * LONG values, DOUBLE values' bits ({@link Double#doubleToLongBits}: one NaN), BOOLEAN values as 1/0, STRING
     * hashes; at a null's position, whatever an earlier run left.
     */
    private final long[] longs = new long[CAPACITY];
    private final int[] offsets;
    private final int[] lengths;
    private byte[] utf8;
    private int size;

    ColumnBatch(Kind kind, long[] rows, byte[] priorities) {
        this.kind = kind;
        this.rows = rows;
        this.ownPriorities = priorities == null;
        this.priorities = ownPriorities ? new byte[CAPACITY] : priorities;
        this.offsets = kind == Kind.STRING ? new int[CAPACITY] : null;
        this.lengths = kind == Kind.STRING ? new int[CAPACITY] : null;
    }

    /**
     * An empty batch of {@code kind} whose row keys are {@code rows} (at least {@link #CAPACITY} long; the caller
     * writes them, and {@link #setSize} computes their priorities), for an observer that buffers one-value calls into batches of its own, and for tests.
     */
    public static ColumnBatch of(Kind kind, long[] rows) {
        if (rows.length < CAPACITY) {
            throw new IllegalArgumentException("Cannot create a column batch: " + rows.length + " row keys, it needs " + CAPACITY);
        }
        return new ColumnBatch(kind, rows, null);
    }

    /** The kind of batch a field's values come in. */
    static Kind kindOf(FieldType type) {
        return switch (type.kind()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case STRING -> Kind.STRING;
            case FLOAT, DOUBLE, DECIMAL -> Kind.DOUBLE;
            case INT, BIGINT, DATE, TIMESTAMP -> Kind.LONG;
        };
    }

    public Kind kind() {
        return kind;
    }

    public int size() {
        return size;
    }

    /** The key of the row of value {@code i} ({@link RowKeys#hash} of its id). */
    public long row(int i) {
        return rows[i];
    }

    /** The {@link RowKeys#priority} of the row of value {@code i}. */
    public int priority(int i) {
        return priorities[i];
    }

    public boolean isNull(int i) {
        return nulls[i];
    }

    public long longValue(int i) {
        return longs[i];
    }

    public double doubleValue(int i) {
        return Double.longBitsToDouble(longs[i]);
    }

    /**
     * The value at {@code i} as a long, whatever the kind: a LONG value, a DOUBLE value's bits, a BOOLEAN as 1 or 0, a
     * STRING's hash; at a null's position an arbitrary value (so a loop over every position needs no branch, and
     * corrects the nulls after: {@link #nullCount}, {@link #nullPosition}).
     */
    public long bits(int i) {
        return longs[i];
    }

    /** The number of nulls in the batch. */
    public int nullCount() {
        return nullCount;
    }

    /** The position of the {@code k}-th null of the batch. */
    public int nullPosition(int k) {
        return nullPositions[k];
    }

    public boolean booleanValue(int i) {
        return longs[i] != 0;
    }

    /** The bytes every string value of this batch lies in. */
    public byte[] utf8() {
        return utf8;
    }

    public int offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    /** The {@link RowKeys#hash} of string value {@code i}. */
    public long hash(int i) {
        return longs[i];
    }

    /** Passes the values to {@code observer} one call per value, in order: what {@link ColumnObserver#observe} does by default. */
    public void replay(ColumnObserver observer) {
        for (int i = 0; i < size; i++) {
            long row = rows[i];
            if (nulls[i]) {
                observer.observeNull(row);
                continue;
            }
            switch (kind) {
                case LONG -> observer.observeLong(row, longs[i]);
                case DOUBLE -> observer.observeDouble(row, Double.longBitsToDouble(longs[i]));
                case BOOLEAN -> observer.observeBoolean(row, longs[i] != 0);
                case STRING -> observer.observeString(row, utf8, offsets[i], lengths[i], longs[i]);
            }
        }
    }

    /** Value {@code i} is null. The setters fill positions 0..size-1, each once per run; then {@link #setSize}. */
    public void setNull(int i) {
        nulls[i] = true;
        nullPositions[nullCount++] = i;
    }

    public void setBoolean(int i, boolean value) {
        nulls[i] = false;
        longs[i] = value ? 1 : 0;
    }

    public void setLong(int i, long value) {
        nulls[i] = false;
        longs[i] = value;
    }

    public void setDouble(int i, double value) {
        nulls[i] = false;
        longs[i] = Double.doubleToLongBits(value);
    }

    public void setString(int i, byte[] bytes, int offset, int length, long hash) {
        nulls[i] = false;
        utf8 = bytes;
        offsets[i] = offset;
        lengths[i] = length;
        longs[i] = hash;
    }

    /** Fills the batch with field {@code field}'s values of {@code page} (at most {@link #CAPACITY} rows). */
    void fill(BufferedPage page, int field) {
        int n = page.rows();
        nullCount = switch (kind) {
            case LONG, BOOLEAN -> page.readLongs(field, longs, nulls, nullPositions);
            case DOUBLE -> page.readDoubleBits(field, longs, nulls, nullPositions);
            case STRING -> {
                int count = page.readStrings(field, offsets, lengths, nulls, nullPositions);
                byte[] bytes = page.bytes(field);
                utf8 = bytes;
                for (int i = 0; i < n; i++) { // a null's length is 0: its "hash" is the empty string's
                    longs[i] = RowKeys.hash(bytes, offsets[i], lengths[i]);
                }
                yield count;
            }
        };
        size = n;
    }

    public void setSize(int size) {
        this.size = size;
        if (ownPriorities) {
            for (int i = 0; i < size; i++) {
                priorities[i] = (byte) RowKeys.priority(rows[i]);
            }
        }
    }

    /** Empties the batch for the next run of rows (the values stay until overwritten). */
    public void clear() {
        size = 0;
        nullCount = 0;
    }
}
