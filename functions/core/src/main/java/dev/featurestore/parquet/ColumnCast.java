package dev.featurestore.parquet;

import dev.featurestore.error.DataException;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads one Parquet column's current value as the merge value of its declared type (see {@link ParquetTypes}),
 * following the cast matrix of docs/merge.md. Casts that are exact for every value are accepted by type;
 * narrowing casts (INT64 → int, INT64 → double beyond 2^53, decimal precision) are checked per value and a
 * value that does not fit is a {@link DataException} naming the source, the column and the value.
 */
public final class ColumnCast {

    @FunctionalInterface
    private interface LongRead {
        long read(ColumnReader r);
    }

    @FunctionalInterface
    private interface BinaryRead {
        Binary read(ColumnReader r);
    }

    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MAX_EXACT_DOUBLE = 1L << 53;

    private final String source;
    private final String column;
    private final FieldType declared;
    private LongRead longRead;
    private BinaryRead binaryRead;
    private boolean passThrough;
    /** The merge value is the physical value's bits as {@link FastColumnReader} returns them: no cast call per value. */
    private byte raw = RAW_NONE;
    private static final byte RAW_NONE = 0;
    private static final byte RAW_INT = 1;
    private static final byte RAW_LONG = 2;

    private ColumnCast(String source, String column, FieldType declared) {
        this.source = source;
        this.column = column;
        this.declared = declared;
    }

    public FieldType declared() {
        return declared;
    }

    public boolean binary() {
        return binaryRead != null;
    }

    /** The current value as a long merge value (call only when {@link #binary()} is false). */
    public long readLong(ColumnReader r) {
        if (raw != RAW_NONE && r instanceof FastColumnReader f) {
            return raw == RAW_LONG ? f.getLong() : f.getInteger();
        }
        return longRead.read(r);
    }

    /**
     * Bytes of the current value when it passes through unchanged from a page decoded by this package's fast
     * reader (strings), else -1: then use {@link #readBinary}. Saves a Binary and a ByteBuffer per value.
     */
    public int directLength(ColumnReader r) {
        return passThrough && r instanceof FastColumnReader f ? f.binaryLength() : -1;
    }

    /** Copies the current value after {@link #directLength} returned its length. */
    public static void copyDirect(ColumnReader r, byte[] dst, int at) {
        ((FastColumnReader) r).copyBinary(dst, at);
    }

    /** The id column's current value, copied like {@link #directLength}/{@link #copyDirect}; -1 if not possible. */
    public static int idLength(ColumnReader r) {
        return r instanceof FastColumnReader f && f.getDescriptor().getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                ? f.binaryLength() : -1;
    }

    /** The current value as binary merge value (call only when {@link #binary()} is true). */
    public Binary readBinary(ColumnReader r) {
        return binaryRead.read(r);
    }

    /**
     * The cast from a Parquet column to the declared type, or empty when the matrix does not allow it.
     * {@code source} names the file in errors, e.g. {@code partial 'orders' (orders.parquet)}.
     */
    public static Optional<ColumnCast> of(String source, PrimitiveType type, FieldType declared) {
        ColumnCast c = new ColumnCast(source, type.getName(), declared);
        return c.bind(type) ? Optional.of(c) : Optional.empty();
    }

    private boolean bind(PrimitiveType type) {
        PrimitiveTypeName p = type.getPrimitiveTypeName();
        LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
        TypeKind k = declared.kind();
        switch (p) {
            case BOOLEAN -> {
                if (k == TypeKind.BOOLEAN && a == null) {
                    longRead = r -> r.getBoolean() ? 1 : 0;
                }
            }
            case BINARY -> {
                if (k == TypeKind.STRING && (a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation)) {
                    binaryRead = ColumnReader::getBinary;
                    passThrough = true;
                } else if (a instanceof DecimalLogicalTypeAnnotation d) {
                    bindDecimal(d, r -> new BigInteger(r.getBinary().getBytes()));
                }
            }
            case FIXED_LEN_BYTE_ARRAY -> {
                if (a instanceof DecimalLogicalTypeAnnotation d) {
                    bindDecimal(d, r -> new BigInteger(r.getBinary().getBytes()));
                }
            }
            case INT96 -> {
                if (k == TypeKind.TIMESTAMP) {
                    longRead = r -> r instanceof FastColumnReader f ? f.int96Micros() : int96ToMicros(r.getBinary());
                }
            }
            case FLOAT -> {
                if (k == TypeKind.FLOAT) {
                    raw = RAW_INT;
                    longRead = r -> Float.floatToRawIntBits(r.getFloat());
                } else if (k == TypeKind.DOUBLE) {
                    longRead = r -> Double.doubleToRawLongBits(r.getFloat());
                }
            }
            case DOUBLE -> {
                if (k == TypeKind.DOUBLE) {
                    raw = RAW_LONG;
                    longRead = r -> Double.doubleToRawLongBits(r.getDouble());
                }
            }
            case INT32 -> bindInt32(a);
            case INT64 -> bindInt64(a);
            default -> { }
        }
        return longRead != null || binaryRead != null;
    }

    private void bindInt32(LogicalTypeAnnotation a) {
        TypeKind k = declared.kind();
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            if (k == TypeKind.DATE) {
                raw = RAW_INT;
                longRead = ColumnReader::getInteger;
            } else if (k == TypeKind.TIMESTAMP) {
                longRead = r -> r.getInteger() * MICROS_PER_DAY;
            }
        } else if (a instanceof DecimalLogicalTypeAnnotation d) {
            bindDecimal(d, r -> BigInteger.valueOf(r.getInteger()));
        } else if (a == null || a instanceof IntLogicalTypeAnnotation) {
            boolean unsigned = a instanceof IntLogicalTypeAnnotation i && !i.isSigned();
            LongRead read = unsigned ? r -> r.getInteger() & 0xFFFF_FFFFL : r -> r.getInteger();
            bindInteger(read, unsigned, unsigned ? RAW_NONE : RAW_INT);
        }
    }

    private void bindInt64(LogicalTypeAnnotation a) {
        TypeKind k = declared.kind();
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
            if (k == TypeKind.TIMESTAMP) {
                longRead = switch (ts.getUnit()) {
                    case MILLIS -> r -> {
                        long v = r.getLong();
                        try {
                            return Math.multiplyExact(v, 1000L);
                        } catch (ArithmeticException e) {
                            throw outOfRange(v + " ms");
                        }
                    };
                    case MICROS -> {
                        raw = RAW_LONG;
                        yield ColumnReader::getLong;
                    }
                    case NANOS -> r -> Math.floorDiv(r.getLong(), 1000L);
                };
            }
        } else if (a instanceof DecimalLogicalTypeAnnotation d) {
            bindDecimal(d, r -> BigInteger.valueOf(r.getLong()));
        } else if (a == null || a instanceof IntLogicalTypeAnnotation) {
            boolean unsigned = a instanceof IntLogicalTypeAnnotation i && !i.isSigned();
            LongRead read = unsigned ? r -> {
                long v = r.getLong();
                if (v < 0) {
                    throw outOfRange(Long.toUnsignedString(v));
                }
                return v;
            } : ColumnReader::getLong;
            bindInteger(read, true, unsigned ? RAW_NONE : RAW_LONG);
        }
    }

    /** An integer source (already widened to long); {@code wide} when it may exceed the int range. */
    private void bindInteger(LongRead read, boolean wide, byte rawKind) {
        switch (declared.kind()) {
            case BIGINT -> {
                longRead = read;
                raw = rawKind;
            }
            case INT -> {
                if (!wide) {
                    raw = rawKind;
                }
                longRead = !wide ? read : r -> {
                    long v = read.read(r);
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw outOfRange(Long.toString(v));
                    }
                    return v;
                };
            }
            case DOUBLE -> longRead = r -> {
                long v = read.read(r);
                if (v > MAX_EXACT_DOUBLE || v < -MAX_EXACT_DOUBLE) {
                    throw outOfRange(v + " (beyond 2^53 a double is not exact)");
                }
                return Double.doubleToRawLongBits(v);
            };
            case DECIMAL -> bindDecimalFrom(r -> BigInteger.valueOf(read.read(r)), 0);
            default -> { }
        }
    }

    private void bindDecimal(DecimalLogicalTypeAnnotation d, java.util.function.Function<ColumnReader, BigInteger> unscaled) {
        int scale = d.getScale();
        switch (declared.kind()) {
            case DECIMAL -> {
                if (scale <= declared.scale()) {
                    bindDecimalFrom(unscaled::apply, scale);
                }
            }
            case DOUBLE -> longRead = r -> Double.doubleToRawLongBits(new BigDecimal(unscaled.apply(r), scale).doubleValue());
            case INT, BIGINT -> {
                if (scale == 0) {
                    long max = declared.kind() == TypeKind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
                    long min = declared.kind() == TypeKind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
                    longRead = r -> {
                        BigInteger v = unscaled.apply(r);
                        if (v.bitLength() > 63 || v.longValue() > max || v.longValue() < min) {
                            throw outOfRange(v.toString());
                        }
                        return v.longValue();
                    };
                }
            }
            default -> { }
        }
    }

    private interface BigRead {
        BigInteger read(ColumnReader r);
    }

    /** To the declared decimal from an unscaled source value at {@code sourceScale} ≤ the declared scale. */
    private void bindDecimalFrom(BigRead unscaled, int sourceScale) {
        BigInteger factor = BigInteger.TEN.pow(declared.scale() - sourceScale);
        BigInteger limit = BigInteger.TEN.pow(declared.precision());
        if (ParquetTypes.isBinary(declared)) {
            binaryRead = r -> {
                BigInteger v = unscaled.read(r).multiply(factor);
                if (v.abs().compareTo(limit) >= 0) {
                    throw outOfRange(new BigDecimal(v, declared.scale()).toPlainString());
                }
                return Binary.fromConstantByteArray(v.toByteArray());
            };
        } else {
            longRead = r -> {
                BigInteger v = unscaled.read(r).multiply(factor);
                if (v.abs().compareTo(limit) >= 0) {
                    throw outOfRange(new BigDecimal(v, declared.scale()).toPlainString());
                }
                return v.longValue();
            };
        }
    }

    static long int96ToMicros(Binary b) {
        ByteBuffer buf = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buf.getLong();
        return int96ToMicros(nanosOfDay, buf.getInt() & 0xFFFF_FFFFL);
    }

    static long int96ToMicros(long nanosOfDay, long julianDay) {
        return (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + Math.floorDiv(nanosOfDay, 1000L);
    }

    private DataException outOfRange(String value) {
        return new DataException("Cannot read " + source + ": column '" + column + "' holds " + value
                + ", which does not fit the declared type " + declared.sqlName()
                + " (declare a wider type, or cast the value in the function)");
    }
}
