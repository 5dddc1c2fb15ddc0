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

    /** A cast of a physical value as a long (see {@link #physical}) to the merge value. */
    @FunctionalInterface
    private interface LongOp {
        long apply(long physical);
    }

    @FunctionalInterface
    private interface BinaryRead {
        Binary read(ColumnReader r);
    }

    private static final LongOp IDENTITY = v -> v;
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long MAX_EXACT_DOUBLE = 1L << 53;

    private final String source;
    private final String column;
    private final FieldType declared;
    private LongRead longRead;
    /** The cast from the physical value, for batches of values; null for decimals and binary results. */
    private LongOp op;
    private boolean identity;
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

    /** True when the value is the column's string bytes unchanged. */
    boolean passThrough() {
        return passThrough;
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

    /**
     * True when {@link #castLongs} applies: the merge value is a long computed from the column's physical value
     * alone (every cast but decimals and binary results).
     */
    public boolean batchable() {
        return op != null;
    }

    /**
     * Casts {@code n} physical values in place (as {@code FastColumnReader} decodes them: booleans 0/1, INT32 and
     * FLOAT bits sign-extended, INT64 and DOUBLE bits, INT96 as epoch microseconds), skipping nulls.
     */
    public void castLongs(long[] values, boolean[] nulls, int n) {
        if (identity) {
            return;
        }
        LongOp cast = op;
        for (int i = 0; i < n; i++) {
            if (!nulls[i]) {
                values[i] = cast.apply(values[i]);
            }
        }
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
                    op = IDENTITY;
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
                    op = IDENTITY;
                }
            }
            case FLOAT -> {
                if (k == TypeKind.FLOAT) {
                    raw = RAW_INT;
                    op = IDENTITY;
                } else if (k == TypeKind.DOUBLE) {
                    op = v -> Double.doubleToRawLongBits(Float.intBitsToFloat((int) v));
                }
            }
            case DOUBLE -> {
                if (k == TypeKind.DOUBLE) {
                    raw = RAW_LONG;
                    op = IDENTITY;
                }
            }
            case INT32 -> bindInt32(a);
            case INT64 -> bindInt64(a);
            default -> { }
        }
        if (op != null) {
            identity = op == IDENTITY;
            LongRead physical = physical(p);
            LongOp cast = op;
            longRead = r -> cast.apply(physical.read(r));
        }
        return longRead != null || binaryRead != null;
    }

    /** The current value's physical value as a long, by any {@link ColumnReader} (see {@link #castLongs}). */
    private static LongRead physical(PrimitiveTypeName p) {
        return switch (p) {
            case BOOLEAN -> r -> r.getBoolean() ? 1 : 0;
            case INT32 -> ColumnReader::getInteger;
            case FLOAT -> r -> Float.floatToRawIntBits(r.getFloat());
            case INT64 -> ColumnReader::getLong;
            case DOUBLE -> r -> Double.doubleToRawLongBits(r.getDouble());
            case INT96 -> r -> r instanceof FastColumnReader f ? f.int96Micros() : int96ToMicros(r.getBinary());
            default -> throw new IllegalArgumentException("no long value for " + p);
        };
    }

    private void bindInt32(LogicalTypeAnnotation a) {
        TypeKind k = declared.kind();
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
            if (k == TypeKind.DATE) {
                raw = RAW_INT;
                op = IDENTITY;
            } else if (k == TypeKind.TIMESTAMP) {
                op = v -> v * MICROS_PER_DAY;
            }
        } else if (a instanceof DecimalLogicalTypeAnnotation d) {
            bindDecimal(d, r -> BigInteger.valueOf(r.getInteger()));
        } else if (a == null || a instanceof IntLogicalTypeAnnotation) {
            boolean unsigned = a instanceof IntLogicalTypeAnnotation i && !i.isSigned();
            LongOp value = unsigned ? v -> v & 0xFFFF_FFFFL : null;
            bindInteger(PrimitiveTypeName.INT32, value, unsigned, unsigned ? RAW_NONE : RAW_INT);
        }
    }

    private void bindInt64(LogicalTypeAnnotation a) {
        TypeKind k = declared.kind();
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
            if (k == TypeKind.TIMESTAMP) {
                op = switch (ts.getUnit()) {
                    case MILLIS -> v -> {
                        try {
                            return Math.multiplyExact(v, 1000L);
                        } catch (ArithmeticException e) {
                            throw outOfRange(v + " ms");
                        }
                    };
                    case MICROS -> {
                        raw = RAW_LONG;
                        yield IDENTITY;
                    }
                    case NANOS -> v -> Math.floorDiv(v, 1000L);
                };
            }
        } else if (a instanceof DecimalLogicalTypeAnnotation d) {
            bindDecimal(d, r -> BigInteger.valueOf(r.getLong()));
        } else if (a == null || a instanceof IntLogicalTypeAnnotation) {
            boolean unsigned = a instanceof IntLogicalTypeAnnotation i && !i.isSigned();
            LongOp value = unsigned ? v -> {
                if (v < 0) {
                    throw outOfRange(Long.toUnsignedString(v));
                }
                return v;
            } : null;
            bindInteger(PrimitiveTypeName.INT64, value, true, unsigned ? RAW_NONE : RAW_LONG);
        }
    }

    /**
     * An integer source of {@code physicalType}: {@code value} widens its physical value to long (null: it is the value); {@code wide}
     * when it may exceed the int range.
     */
    private void bindInteger(PrimitiveTypeName physicalType, LongOp value, boolean wide, byte rawKind) {
        LongOp read = value == null ? IDENTITY : value;
        switch (declared.kind()) {
            case BIGINT -> {
                op = read;
                raw = rawKind;
            }
            case INT -> {
                if (!wide) {
                    raw = rawKind;
                }
                op = !wide ? read : v -> {
                    long x = read.apply(v);
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                        throw outOfRange(Long.toString(x));
                    }
                    return x;
                };
            }
            case DOUBLE -> op = v -> {
                long x = read.apply(v);
                if (x > MAX_EXACT_DOUBLE || x < -MAX_EXACT_DOUBLE) {
                    throw outOfRange(x + " (beyond 2^53 a double is not exact)");
                }
                return Double.doubleToRawLongBits(x);
            };
            case DECIMAL -> {
                LongRead physical = physical(physicalType);
                bindDecimalFrom(r -> BigInteger.valueOf(read.apply(physical.read(r))), 0);
            }
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
