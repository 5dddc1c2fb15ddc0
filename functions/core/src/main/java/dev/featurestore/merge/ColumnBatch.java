package dev.featurestore.merge;

import dev.featurestore.types.FieldType;

/**
 * The values of one output column for a run of consecutive rows (at most {@link #CAPACITY}), handed to a
 * {@link ColumnObserver} in one call: the merge hands each column's values of each output page
 * ({@link PageObservers}, wrapping the writer's arrays where they are), so an observer loops over arrays instead of
 * being called per value. Value {@code i} belongs to the row with key {@link #row(int)}; values come in the order
 * the rows were written, the same order as the one-value calls. Encodings are {@link ColumnObserver}'s, by
 * {@link Kind}. A batch is valid only during the call: the merge reuses its arrays and the string bytes for the
 * next page. Not thread-safe.
 */
public final class ColumnBatch {
    /** The most rows one batch holds. */
    public static final int CAPACITY = 256;
    /** The length of {@link #orderByPriority}'s scratch: one more than the 65 priorities. */
    static final int PRIORITY_COUNTS = 66;

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
    /** The positions in descending order of priority ({@link #byPriority}): shared like the priorities, or own. */
    private final int[] order;
    private final int[] starts = new int[PRIORITY_COUNTS];
    /**
     * The batch's arrays: its own ({@link #setLong} and the other setters fill them), or, for a page of the merge's
     * output, the writer's, wrapped where they are ({@link #wrap}) until {@link #clear}.
     */
    private final boolean[] ownNulls = new boolean[CAPACITY];
    private final int[] ownNullPositions = new int[CAPACITY];
    private final long[] ownLongs = new long[CAPACITY];
    private final int[] ownOffsets;
    private final int[] ownLengths;
    private boolean[] nulls = ownNulls;
    /** The positions of the nulls, in order. */
    private int[] nullPositions = ownNullPositions;
    private int nullCount;
    /**
     * LONG values, DOUBLE values' bits ({@link Double#doubleToLongBits}: one NaN), BOOLEAN values as 1/0, STRING
     * hashes; at a null's position, an arbitrary value.
     */
    private long[] longs = ownLongs;
    private int[] offsets;
    private int[] lengths;
    private byte[] utf8;
    private int size;

    ColumnBatch(Kind kind, long[] rows, byte[] priorities, int[] order) {
        this.kind = kind;
        this.rows = rows;
        this.ownPriorities = priorities == null;
        this.priorities = ownPriorities ? new byte[CAPACITY] : priorities;
        this.order = ownPriorities ? new int[CAPACITY] : order;
        this.ownOffsets = kind == Kind.STRING ? new int[CAPACITY] : null;
        this.ownLengths = kind == Kind.STRING ? new int[CAPACITY] : null;
        this.offsets = ownOffsets;
        this.lengths = ownLengths;
    }

    /**
     * An empty batch of {@code kind} whose row keys are {@code rows} (at least {@link #CAPACITY} long; the caller
     * writes them, and {@link #setSize} computes their priorities), for an observer that buffers one-value calls into batches of its own, and for tests.
     */
    public static ColumnBatch of(Kind kind, long[] rows) {
        if (rows.length < CAPACITY) {
            throw new IllegalArgumentException("Cannot create a column batch: " + rows.length + " row keys, it needs " + CAPACITY);
        }
        return new ColumnBatch(kind, rows, null, null);
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

    /**
     * The position of the row with the {@code k}-th highest {@link RowKeys#priority} (ties in position order): a
     * row-keyed sample at level L takes the rows of a prefix of this order, so it looks at those few rows only.
     */
    public int byPriority(int k) {
        return order[k];
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
     * The value at {@code i} as a long, whatever the kind: a LONG value, a DOUBLE value's bits (one NaN), a BOOLEAN
     * as 1 or 0, a STRING's hash; at a null's position an arbitrary value (so a loop over every position needs no
     * branch, and corrects the nulls after: {@link #nullCount}, {@link #nullPosition}).
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

    /** The length of string value {@code i}; 0 at a null's position. */
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
        if (kind == Kind.STRING) {
            lengths[i] = 0;
        }
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

    /**
     * Wraps {@code size} rows of values kept by row elsewhere (a page of the merge's output, {@link PageObservers}):
     * {@code values} in this kind's encoding, null flags and the null positions in order.
     */
    void wrap(long[] values, boolean[] nullFlags, int[] nulls, int count, int size) {
        this.longs = values;
        this.nulls = nullFlags;
        this.nullPositions = nulls;
        this.nullCount = count;
        this.size = size;
    }

    /** Wraps {@code size} rows of string values kept by row elsewhere, and hashes them into the batch's own array. */
    void wrapStrings(byte[] bytes, int[] valueOffsets, int[] valueLengths, boolean[] nullFlags, int[] nulls, int count,
                     int size) {
        for (int i = 0; i < size; i++) { // a null's length is 0: its "hash" is the empty string's
            ownLongs[i] = RowKeys.hash(bytes, valueOffsets[i], valueLengths[i]);
        }
        this.utf8 = bytes;
        this.offsets = valueOffsets;
        this.lengths = valueLengths;
        wrap(ownLongs, nullFlags, nulls, count, size);
    }

    /** The batch's own value array, to convert values into before {@link #wrap}ping it. */
    long[] ownValues() {
        return ownLongs;
    }

    public void setSize(int size) {
        this.size = size;
        if (ownPriorities) {
            for (int i = 0; i < size; i++) {
                priorities[i] = (byte) RowKeys.priority(rows[i]);
            }
            orderByPriority(priorities, size, order, starts);
        }
    }

    /**
     * Writes into {@code order} the positions 0..size-1 in descending order of {@code priorities} (0 to 64), ties in
     * position order: a counting sort, with {@code starts} ({@link #PRIORITY_COUNTS} long) its scratch.
     */
    static void orderByPriority(byte[] priorities, int size, int[] order, int[] starts) {
        java.util.Arrays.fill(starts, 0);
        for (int i = 0; i < size; i++) {
            starts[64 - priorities[i] + 1]++;
        }
        for (int p = 1; p < starts.length; p++) {
            starts[p] += starts[p - 1];
        }
        for (int i = 0; i < size; i++) {
            order[starts[64 - priorities[i]]++] = i;
        }
    }

    /** Empties the batch for the next run of rows (its own values stay until overwritten; wrapped ones are let go). */
    public void clear() {
        size = 0;
        nullCount = 0;
        longs = ownLongs;
        nulls = ownNulls;
        nullPositions = ownNullPositions;
        offsets = ownOffsets;
        lengths = ownLengths;
    }
}
