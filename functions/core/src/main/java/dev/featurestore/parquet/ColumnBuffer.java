package dev.featurestore.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One column of the row group being written: PLAIN-encoded values, a validity bit per row (the definition
 * levels), null count and min/max statistics. Encoding by hand instead of through parquet-java's column
 * writers is what makes writing fast: a value is a few byte stores, no per-value level encoders, no boxing.
 */
final class ColumnBuffer {

    enum Kind { BOOLEAN, INT32, INT64, FLOAT, DOUBLE, BINARY, FIXED }

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    final PrimitiveType type;
    final Kind kind;
    final boolean optional;
    byte[] values = new byte[64 * 1024];
    int pos;
    byte[] valid = new byte[1024];
    int rows;
    int nulls;
    int booleans;
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
    }

    private void present() {
        int r = rows++;
        if (optional) {
            if ((r >>> 3) >= valid.length) {
                valid = Arrays.copyOf(valid, valid.length * 2);
            }
            valid[r >>> 3] |= (byte) (1 << (r & 7));
        }
    }

    private void ensure(int extra) {
        if (pos + extra > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, pos + extra));
        }
    }

    void addNull() {
        int r = rows++;
        nulls++;
        if ((r >>> 3) >= valid.length) {
            valid = Arrays.copyOf(valid, valid.length * 2);
        }
    }

    void addBoolean(boolean v) {
        present();
        int i = booleans++;
        if ((i >>> 3) >= values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        if (v) {
            values[i >>> 3] |= (byte) (1 << (i & 7));
        }
        pos = (booleans + 7) >>> 3;
        long x = v ? 1 : 0;
        if (!hasValue) {
            minLong = maxLong = x;
            hasValue = true;
        } else {
            minLong = Math.min(minLong, x);
            maxLong = Math.max(maxLong, x);
        }
    }

    void addInt(int v) {
        present();
        ensure(4);
        INT.set(values, pos, v);
        pos += 4;
        longStats(v);
    }

    void addLong(long v) {
        present();
        ensure(8);
        LONG.set(values, pos, v);
        pos += 8;
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
        present();
        ensure(4);
        INT.set(values, pos, Float.floatToRawIntBits(v));
        pos += 4;
        doubleStats(v);
    }

    void addDouble(double v) {
        present();
        ensure(8);
        LONG.set(values, pos, Double.doubleToRawLongBits(v));
        pos += 8;
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
        present();
        ensure(4 + len);
        INT.set(values, pos, len);
        pos += 4;
        int at = pos;
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
        present();
        ensure(b.length);
        System.arraycopy(b, 0, values, pos, b.length);
        pos += b.length;
    }

    /*
     * Reading the buffered rows back, for a page listener (BufferedPage): every row r in 0..rows-1 gets its value at
     * out[r] (at a null, whatever the loop read: the next value or zero), isNull[r], and the nulls' positions in
     * order in nullPositions; each returns the number of nulls. One loop per kind with no branch per row: a
     * row's validity bit decides how far the value cursor moves (merged rows hold nulls at random, which a branch
     * would mispredict).
     */

    /** The validity bit of row {@code r}: 1 if it holds a value. */
    private int present(int r) {
        return optional ? (valid[r >>> 3] >>> (r & 7)) & 1 : 1;
    }

    /** INT32 values (sign-extended), INT64 values, BOOLEAN values as 1 or 0. */
    int readLongs(long[] out, boolean[] isNull, int[] nullPositions) {
        ensure(8); // a null after the last value reads past it
        return switch (kind) {
            case INT32 -> readInt32(out, isNull, nullPositions);
            case INT64 -> readInt64(out, isNull, nullPositions);
            case BOOLEAN -> readBooleans(out, isNull, nullPositions);
            default -> throw new IllegalStateException(type + " has no long values");
        };
    }

    private int readInt32(long[] out, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            out[r] = (int) INT.get(values, p);
            p += present << 2;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    private int readInt64(long[] out, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            out[r] = (long) LONG.get(values, p);
            p += present << 3;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    private int readBooleans(long[] out, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int b = 0; // the index of the next boolean (bit-packed)
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            out[r] = (values[b >>> 3] >>> (b & 7)) & 1;
            b += present;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    /** FLOAT and DOUBLE values as {@link Double#doubleToLongBits} of the double (one NaN). */
    int readDoubleBits(long[] out, boolean[] isNull, int[] nullPositions) {
        ensure(8);
        return switch (kind) {
            case FLOAT -> readFloats(out, isNull, nullPositions);
            case DOUBLE -> readDoubles(out, isNull, nullPositions);
            default -> throw new IllegalStateException(type + " has no floating-point values");
        };
    }

    private int readFloats(long[] out, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            out[r] = Double.doubleToLongBits(Float.intBitsToFloat((int) INT.get(values, p)));
            p += present << 2;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    private int readDoubles(long[] out, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            out[r] = Double.doubleToLongBits(Double.longBitsToDouble((long) LONG.get(values, p)));
            p += present << 3;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    /** BINARY values: their offsets in {@link #values} and lengths (0 at a null). */
    int readBinary(int[] offsets, int[] lengths, boolean[] isNull, int[] nullPositions) {
        if (kind != Kind.BINARY) {
            throw new IllegalStateException(type + " has no binary values");
        }
        ensure(4);
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            int length = (int) INT.get(values, p) & -present;
            offsets[r] = p + 4;
            lengths[r] = length;
            p += (4 + length) & -present;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
    }

    /** The offset in {@link #values} of each row's value of a fixed width ({@code width} bytes; FIXED or INT32/INT64). */
    int readOffsets(int width, int[] offsets, boolean[] isNull, int[] nullPositions) {
        int n = rows;
        int p = 0;
        int nullCount = 0;
        for (int r = 0; r < n; r++) {
            int present = present(r);
            offsets[r] = p;
            p += width & -present;
            isNull[r] = present == 0;
            nullPositions[nullCount] = r;
            nullCount += present ^ 1;
        }
        return nullCount;
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
            System.arraycopy(valid, 0, out, at, groups);
            at += groups;
        }
        INT.set(out, start, at - start - 4);
        return at;
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
        Arrays.fill(valid, 0, Math.min(valid.length, (rows + 8) >>> 3), (byte) 0);
        if (kind == Kind.BOOLEAN) {
            Arrays.fill(values, 0, Math.min(values.length, pos + 1), (byte) 0);
        }
        pos = 0;
        rows = 0;
        nulls = 0;
        booleans = 0;
        hasValue = false;
    }
}
