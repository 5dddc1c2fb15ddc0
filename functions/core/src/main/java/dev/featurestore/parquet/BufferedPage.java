package dev.featurestore.parquet;

import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;

/**
 * The rows of the page a {@link ParquetRowWriter} is about to encode, where the writer holds them: what a
 * {@link PageListener} sees, valid only during its call (the arrays are the writer's, reused for the next page;
 * read positions 0..{@link #rows()}-1 only, and never write them). Reading the values where the writer keeps
 * them by row is how the merge's statistics and checksum see every value without a copy. Fields are numbered as
 * in the writer's schema, the id apart.
 */
public final class BufferedPage {
    private final ColumnBuffer ids;
    private final ColumnBuffer[] columns;
    private final FieldType[] types;

    BufferedPage(ColumnBuffer ids, ColumnBuffer[] columns, FieldType[] types) {
        this.ids = ids;
        this.columns = columns;
        this.types = types;
    }

    /** The number of rows in the page. */
    public int rows() {
        return ids.rows;
    }

    /** The bytes the ids lie in (UTF-8; {@link #idOffsets}, {@link #idLengths}). */
    public byte[] idBytes() {
        return ids.values;
    }

    public int[] idOffsets() {
        return ids.offsets;
    }

    public int[] idLengths() {
        return ids.lengths;
    }

    /** Whether each row's value of {@code field} is null. */
    public boolean[] nullFlags(int field) {
        return columns[field].nullAt;
    }

    /** The rows where {@code field} is null, in order ({@link #nullCount} of them). */
    public int[] nullRows(int field) {
        return columns[field].nullRows;
    }

    public int nullCount(int field) {
        return columns[field].nulls;
    }

    /**
     * Each row's value of an int, bigint, date (epoch day), timestamp (epoch microseconds), boolean (1 or 0) or
     * double ({@link Double#doubleToLongBits}: every NaN as Java's one, as written) field; at a null row, an
     * arbitrary value.
     */
    public long[] cells(int field) {
        TypeKind kind = types[field].kind();
        if (kind == TypeKind.FLOAT || kind == TypeKind.DECIMAL || kind == TypeKind.STRING) {
            throw new IllegalStateException("A " + types[field].sqlName() + " field's values are not kept as cells");
        }
        return columns[field].cells;
    }

    /**
     * A float or decimal field's values, converted: each row's {@link Double#doubleToLongBits} of the value as a
     * double (a decimal's nearest, as {@link ParquetTypes#decimalToDouble}) into {@code out}; at a null row, 0.
     */
    public void readDoubleBits(int field, long[] out) {
        ColumnBuffer c = columns[field];
        FieldType type = types[field];
        int n = c.rows;
        boolean[] nulls = c.nullAt;
        switch (c.kind) {
            case FLOAT -> {
                long[] cells = c.cells;
                for (int r = 0; r < n; r++) {
                    out[r] = nulls[r] ? 0 : Double.doubleToLongBits(Float.intBitsToFloat((int) cells[r]));
                }
            }
            case INT32, INT64 -> { // decimals are rare: one conversion per value
                long[] cells = c.cells;
                for (int r = 0; r < n; r++) {
                    out[r] = nulls[r] ? 0 : Double.doubleToLongBits(ParquetTypes.decimalToDouble(type, cells[r]));
                }
            }
            case FIXED -> {
                int width = c.type.getTypeLength();
                int p = 0;
                for (int r = 0; r < n; r++) {
                    if (nulls[r]) {
                        out[r] = 0;
                        continue;
                    }
                    out[r] = Double.doubleToLongBits(ParquetTypes.decimalToDouble(type, c.values, p, width));
                    p += width;
                }
            }
            default -> throw new IllegalStateException("A " + type.sqlName() + " field has no float or decimal values");
        }
    }

    /** The bytes a string field's values lie in ({@link #offsets}, {@link #lengths}). */
    public byte[] bytes(int field) {
        return columns[field].values;
    }

    /** Each row's offset of a string field's value in {@link #bytes}. */
    public int[] offsets(int field) {
        return columns[field].offsets;
    }

    /** Each row's length in bytes of a string field's value (0 at a null row). */
    public int[] lengths(int field) {
        return columns[field].lengths;
    }
}
