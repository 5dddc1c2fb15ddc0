package dev.featurestore.parquet;

import dev.featurestore.types.FieldType;

/**
 * The rows of the page a {@link ParquetRowWriter} is about to encode, read back from its buffers: what a
 * {@link PageListener} sees, valid only during its call. Reading the values the writer already holds densely
 * is how the merge's statistics and checksum see every value without a second copy in its row loop.
 *
 * <p>Each read fills positions 0..{@link #rows()}-1 of its arrays (at least that long): a value (at a null
 * position, an arbitrary one), whether the row is null, and the nulls' positions in order; it returns the
 * number of nulls. Fields are numbered as in the writer's schema, the id apart.
 */
public final class BufferedPage {
    private final ColumnBuffer ids;
    private final ColumnBuffer[] columns;
    private final FieldType[] types;
    private int[] scratch = new int[0];
    private boolean[] noNulls = new boolean[0];
    private int[] noPositions = new int[0];

    BufferedPage(ColumnBuffer ids, ColumnBuffer[] columns, FieldType[] types) {
        this.ids = ids;
        this.columns = columns;
        this.types = types;
    }

    /** The number of rows in the page. */
    public int rows() {
        return ids.rows;
    }

    /** The bytes the ids lie in ({@link #ids}). */
    public byte[] idBytes() {
        return ids.values;
    }

    /** Each row's id: its offset in {@link #idBytes()} and its length in bytes (UTF-8). */
    public void ids(int[] offsets, int[] lengths) {
        int n = rows();
        if (noNulls.length < n) {
            noNulls = new boolean[n];
            noPositions = new int[n];
        }
        ids.readBinary(offsets, lengths, noNulls, noPositions);
    }

    /** An int, bigint, date (epoch day) or timestamp (epoch microseconds) field's values; a boolean's as 1 or 0. */
    public int readLongs(int field, long[] out, boolean[] isNull, int[] nullPositions) {
        return columns[field].readLongs(out, isNull, nullPositions);
    }

    /**
     * A float, double or decimal field's values as the {@link Double#doubleToLongBits} of their double (a decimal's
     * nearest double, as {@link ParquetTypes#decimalToDouble}).
     */
    public int readDoubleBits(int field, long[] out, boolean[] isNull, int[] nullPositions) {
        ColumnBuffer c = columns[field];
        FieldType type = types[field];
        if (type.kind() != dev.featurestore.types.TypeKind.DECIMAL) {
            return c.readDoubleBits(out, isNull, nullPositions);
        }
        // decimals are rare: one conversion per value, through the unscaled value as written
        int width = switch (c.kind) {
            case INT32 -> 4;
            case INT64 -> 8;
            case FIXED -> c.type.getTypeLength();
            default -> throw new IllegalStateException(c.type + " is not a decimal column");
        };
        int n = rows();
        if (scratch.length < n) {
            scratch = new int[n];
        }
        int nullCount = c.readOffsets(width, scratch, isNull, nullPositions);
        for (int r = 0; r < n; r++) {
            if (isNull[r]) {
                continue;
            }
            int p = scratch[r];
            double v = switch (c.kind) {
                case INT32 -> ParquetTypes.decimalToDouble(type, (int) ColumnBuffer.INT.get(c.values, p));
                case INT64 -> ParquetTypes.decimalToDouble(type, (long) ColumnBuffer.LONG.get(c.values, p));
                default -> ParquetTypes.decimalToDouble(type, c.values, p, width);
            };
            out[r] = Double.doubleToLongBits(v);
        }
        return nullCount;
    }

    /** A string field's values: their offsets in {@link #bytes} and lengths in bytes (UTF-8; 0 at a null). */
    public int readStrings(int field, int[] offsets, int[] lengths, boolean[] isNull, int[] nullPositions) {
        return columns[field].readBinary(offsets, lengths, isNull, nullPositions);
    }

    /** The bytes a string field's values lie in ({@link #readStrings}). */
    public byte[] bytes(int field) {
        return columns[field].values;
    }
}
