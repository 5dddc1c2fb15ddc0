package dev.featurestore.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One column of the page being written: its values, which rows are null, null count and min/max statistics.
 * Fixed-width values (boolean, INT32, INT64, FLOAT, DOUBLE) are kept by row ({@link #cells}), strings and other
 * byte arrays PLAIN-encoded ({@link #values}) with each row's offset and length; {@link #writeValues} and
 * {@link #writeLevels} encode the page. Encoding by hand instead of through parquet-java's column writers is what
 * makes writing fast: a value is a few stores, no per-value level encoders, no boxing. Keeping values by row is
 * what lets a {@link PageListener} read them where they are ({@link BufferedPage}).
 */
final class ColumnBuffer {

    enum Kind { BOOLEAN, INT32, INT64, FLOAT, DOUBLE, BINARY, FIXED }

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    final PrimitiveType type;
    final Kind kind;
    final boolean optional;
    /** BINARY and FIXED values, PLAIN-encoded (a BINARY value is its 4-byte length, then its bytes). */
    byte[] values;
    int pos;
    /**
     * Fixed-width values by row: a boolean as 1 or 0, an INT32 sign-extended, an INT64 as is, a FLOAT's int bits,
     * a DOUBLE's long bits ({@link Float#floatToIntBits}, {@link Double#doubleToLongBits}: every NaN as Java's
     * one); at a null row, whatever was there.
     */
    long[] cells;
    /** BINARY values by row: the offset of the bytes in {@link #values} and their length (0 at a null row). */
    int[] offsets;
    int[] lengths;
    /** Whether each row is null. */
    boolean[] nullAt = new boolean[1024];
    /** The null rows, in order ({@link #nulls} of them). */
    int[] nullRows = new int[64];
    int rows;
    int nulls;
    private boolean hasValue;
    private long minLong;
    private long maxLong;
    private double minDouble;
    private double maxDouble;
    private int minOff;
    private int minLen;
    private int maxOff;
    private int maxLen;
    // the first 8 bytes of min and max, big-endian, zero-padded: most comparisons end here
    private long minPrefix;
    private long maxPrefix;

    ColumnBuffer(PrimitiveType type, boolean optional) {
        this.type = type;
        this.optional = optional;
        this.kind = switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT32 -> Kind.INT32;
            case INT64 -> Kind.INT64;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case BINARY -> Kind.BINARY;
            case FIXED_LEN_BYTE_ARRAY -> Kind.FIXED;
            default -> throw new IllegalArgumentException("unsupported " + type);
        };
        switch (kind) {
            case BINARY -> {
                values = new byte[64 * 1024];
                offsets = new int[nullAt.length];
                lengths = new int[nullAt.length];
            }
            case FIXED -> values = new byte[64 * 1024];
            default -> cells = new long[nullAt.length];
        }
    }

    /** The next row's index (the arrays by row grown to hold it). */
    private int row() {
        int r = rows++;
        if (r == nullAt.length) {
            int n = r * 2;
            nullAt = Arrays.copyOf(nullAt, n);
            if (cells != null) {
                cells = Arrays.copyOf(cells, n);
            }
            if (offsets != null) {
                offsets = Arrays.copyOf(offsets, n);
                lengths = Arrays.copyOf(lengths, n);
            }
        }
        return r;
    }

    private void ensure(int extra) {
        if (pos + extra > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, pos + extra));
        }
    }

    void addNull() {
        int r = row();
        nullAt[r] = true;
        if (nulls == nullRows.length) {
            nullRows = Arrays.copyOf(nullRows, nulls * 2);
        }
        nullRows[nulls++] = r;
        if (offsets != null) {
            offsets[r] = pos;
            lengths[r] = 0;
        }
    }

    void addBoolean(boolean v) {
        int r = row();
        nullAt[r] = false;
        long x = v ? 1 : 0;
        cells[r] = x;
        if (!hasValue) {
            minLong = maxLong = x;
            hasValue = true;
        } else {
            minLong = Math.min(minLong, x);
            maxLong = Math.max(maxLong, x);
        }
    }

    void addInt(int v) {
        int r = row();
        nullAt[r] = false;
        cells[r] = v;
        longStats(v);
    }

    void addLong(long v) {
        int r = row();
        nullAt[r] = false;
        cells[r] = v;
        longStats(v);
    }

    private void longStats(long v) {
        if (!hasValue) {
            minLong = maxLong = v;
            hasValue = true;
        } else if (v < minLong) {
            minLong = v;
        } else if (v > maxLong) {
            maxLong = v;
        }
    }

    void addFloat(float v) {
        int r = row();
        nullAt[r] = false;
        cells[r] = Float.floatToIntBits(v); // every NaN as Java's one, as parquet-java writes it
        doubleStats(v);
    }

    void addDouble(double v) {
        int r = row();
        nullAt[r] = false;
        cells[r] = Double.doubleToLongBits(v); // every NaN as Java's one, as parquet-java writes it
        doubleStats(v);
    }

    private void doubleStats(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        if (!hasValue) {
            minDouble = maxDouble = v;
            hasValue = true;
        } else if (v < minDouble) {
            minDouble = v;
        } else if (v > maxDouble) {
            maxDouble = v;
        }
    }

    void addBinary(byte[] b, int off, int len) {
        int r = row();
        nullAt[r] = false;
        ensure(4 + len);
        INT.set(values, pos, len);
        pos += 4;
        int at = pos;
        offsets[r] = at;
        lengths[r] = len;
        System.arraycopy(b, off, values, pos, len);
        pos += len;
        long prefix = prefix(values, at, len);
        if (!hasValue) {
            minOff = maxOff = at;
            minLen = maxLen = len;
            minPrefix = maxPrefix = prefix;
            hasValue = true;
        } else if (below(prefix, at, len, minPrefix, minOff, minLen)) {
            minOff = at;
            minLen = len;
            minPrefix = prefix;
        } else if (below(maxPrefix, maxOff, maxLen, prefix, at, len)) {
            maxOff = at;
            maxLen = len;
            maxPrefix = prefix;
        }
    }

    /**
     * Whether the value at {@code aOff} sorts before the one at {@code bOff} (unsigned bytes). Zero-padded
     * big-endian prefixes that differ decide it (a shorter value pads with zeros, which sort first); equal
     * prefixes fall back to comparing the bytes.
     */
    private boolean below(long aPrefix, int aOff, int aLen, long bPrefix, int bOff, int bLen) {
        if (aPrefix != bPrefix) {
            return Long.compareUnsigned(aPrefix, bPrefix) < 0;
        }
        return Arrays.compareUnsigned(values, aOff, aOff + aLen, values, bOff, bOff + bLen) < 0;
    }

    /** The first 8 bytes of a value as a big-endian unsigned long, zero-padded when shorter. */
    private static long prefix(byte[] b, int off, int len) {
        if (len >= 8) {
            return Long.reverseBytes((long) LONG.get(b, off));
        }
        long p = 0;
        for (int i = 0; i < len; i++) {
            p |= (b[off + i] & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }

    /** A FIXED_LEN_BYTE_ARRAY value (wide decimal), exactly the type's length; no min/max (signed order). */
    void addFixed(byte[] b) {
        int r = row();
        nullAt[r] = false;
        ensure(b.length);
        System.arraycopy(b, 0, values, pos, b.length);
        pos += b.length;
    }

    Statistics<?> statistics() {
        Statistics.Builder b = Statistics.getBuilderForReading(type).withNumNulls(nulls);
        if (hasValue) {
            switch (kind) {
                case BOOLEAN -> b.withMin(new byte[] {(byte) minLong}).withMax(new byte[] {(byte) maxLong});
                case INT32 -> b.withMin(intBytes((int) minLong)).withMax(intBytes((int) maxLong));
                case INT64 -> b.withMin(longBytes(minLong)).withMax(longBytes(maxLong));
                case FLOAT -> b.withMin(intBytes(Float.floatToIntBits((float) (minDouble == 0 ? -0.0 : minDouble))))
                        .withMax(intBytes(Float.floatToIntBits((float) (maxDouble == 0 ? 0.0 : maxDouble))));
                case DOUBLE -> b.withMin(longBytes(Double.doubleToLongBits(minDouble == 0 ? -0.0 : minDouble)))
                        .withMax(longBytes(Double.doubleToLongBits(maxDouble == 0 ? 0.0 : maxDouble)));
                case BINARY -> b.withMin(Arrays.copyOfRange(values, minOff, minOff + minLen))
                        .withMax(Arrays.copyOfRange(values, maxOff, maxOff + maxLen));
                case FIXED -> { }
            }
        }
        return b.build();
    }

    private static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        INT.set(b, 0, v);
        return b;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        LONG.set(b, 0, v);
        return b;
    }

    /** The definition levels of the page (RLE/bit-packed hybrid, bit width 1, 4-byte length prefix). */
    int writeLevels(byte[] out, int at) {
        int start = at;
        at += 4;
        if (nulls == 0) {
            at = varint(out, at, rows << 1);
            out[at++] = 1;
        } else {
            int groups = (rows + 7) >>> 3;
            at = varint(out, at, (groups << 1) | 1);
            // one bit per row, set where the row holds a value; the last group's bits past the rows are 0
            Arrays.fill(out, at, at + groups, (byte) -1);
            if ((rows & 7) != 0) {
                out[at + groups - 1] = (byte) ((1 << (rows & 7)) - 1);
            }
            for (int k = 0; k < nulls; k++) {
                int r = nullRows[k];
                out[at + (r >>> 3)] &= (byte) ~(1 << (r & 7));
            }
            at += groups;
        }
        INT.set(out, start, at - start - 4);
        return at;
    }

    /** The size of the PLAIN-encoded values of the page. */
    int valueBytes() {
        int present = rows - nulls;
        return switch (kind) {
            case BOOLEAN -> (present + 7) >>> 3;
            case INT32, FLOAT -> present * 4;
            case INT64, DOUBLE -> present * 8;
            case BINARY, FIXED -> pos;
        };
    }

    /**
     * Writes the page's values PLAIN-encoded at {@code at} ({@link #valueBytes} of them; up to 8 bytes after them
     * may be overwritten); returns the offset after them.
     */
    int writeValues(byte[] out, int at) {
        int n = rows;
        switch (kind) {
            case BINARY, FIXED -> System.arraycopy(values, 0, out, at, pos);
            case INT64, DOUBLE -> {
                if (nulls == 0) {
                    for (int r = 0; r < n; r++) {
                        LONG.set(out, at + 8 * r, cells[r]);
                    }
                    break;
                }
                int p = at;
                for (int r = 0; r < n; r++) { // a null's cell is overwritten by the next value
                    LONG.set(out, p, cells[r]);
                    p += nullAt[r] ? 0 : 8;
                }
            }
            case INT32, FLOAT -> {
                if (nulls == 0) {
                    for (int r = 0; r < n; r++) {
                        INT.set(out, at + 4 * r, (int) cells[r]);
                    }
                    break;
                }
                int p = at;
                for (int r = 0; r < n; r++) {
                    INT.set(out, p, (int) cells[r]);
                    p += nullAt[r] ? 0 : 4;
                }
            }
            case BOOLEAN -> {
                Arrays.fill(out, at, at + valueBytes(), (byte) 0);
                int b = 0;
                for (int r = 0; r < n; r++) {
                    int present = nullAt[r] ? 0 : 1;
                    out[at + (b >>> 3)] |= (byte) ((cells[r] & present) << (b & 7));
                    b += present;
                }
            }
        }
        return at + valueBytes();
    }

    int levelBytesBound() {
        return 4 + 5 + 1 + ((rows + 7) >>> 3);
    }

    private static int varint(byte[] out, int at, int v) {
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    void reset() {
        pos = 0;
        rows = 0;
        nulls = 0;
        hasValue = false;
    }
}
