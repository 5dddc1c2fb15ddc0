package dev.featurestore.parquet;

/**
 * One column's values for a run of rows, as arrays (filled by {@link ColumnBatchReader#read}): per row a null flag
 * and either a long merge value or, for binary values, an offset and a length into {@link #bytes()}.
 */
public final class ColumnBatch {

    private final boolean[] nulls;
    private final long[] longs;
    private final int[] offsets;
    private final int[] lengths;
    private byte[] bytes;
    /** Where binary values read through parquet-java's reader are copied (the fast reader points into its pages). */
    private byte[] copies = new byte[0];

    public ColumnBatch(int capacity) {
        nulls = new boolean[capacity];
        longs = new long[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    public boolean[] nulls() {
        return nulls;
    }

    public long[] longs() {
        return longs;
    }

    public int[] offsets() {
        return offsets;
    }

    public int[] lengths() {
        return lengths;
    }

    /** The bytes binary values point into; valid until the next read of the column. */
    public byte[] bytes() {
        return bytes;
    }

    void pointInto(byte[] source) {
        bytes = source;
    }

    /** The copy buffer with room for {@code n} bytes, keeping its first {@code used}. */
    byte[] copies(int used, int n) {
        if (copies.length < used + n) {
            copies = java.util.Arrays.copyOf(copies, Math.max(copies.length * 2, used + n));
        }
        bytes = copies;
        return copies;
    }
}
