package dev.featurestore.parquet;

import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Converts between the Java values of {@link FieldType} and merge values (see {@link ParquetTypes}). Numbers
 * convert to the declared type only when exact (a decimal to double rounds to the nearest double, as SQL CAST
 * does); anything else is an {@link IllegalArgumentException} whose message says what was expected.
 */
public final class JavaValues {

    private static final long MAX_EXACT_DOUBLE = 1L << 53;

    private JavaValues() {
    }

    /** The long merge value of {@code value} for a non-binary type. */
    public static long toLong(FieldType type, Object value) {
        return switch (type.kind()) {
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b ? 1 : 0;
                }
                throw expected(type, value, "a Boolean");
            }
            case INT -> {
                long v = exactLong(type, value);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(value + " does not fit int (declare the field as bigint)");
                }
                yield v;
            }
            case BIGINT -> exactLong(type, value);
            case FLOAT -> {
                if (value instanceof Float f) {
                    yield Float.floatToRawIntBits(f);
                }
                if (value instanceof Number n && !(value instanceof BigDecimal)) {
                    double d = n.doubleValue();
                    float f = (float) d;
                    if (f == d || Double.isNaN(d)) {
                        yield Float.floatToRawIntBits(f);
                    }
                }
                throw expected(type, value, "a Float (or a number a float holds exactly)");
            }
            case DOUBLE -> {
                if (value instanceof Double d) {
                    yield Double.doubleToRawLongBits(d);
                }
                if (value instanceof Float f) {
                    yield Double.doubleToRawLongBits(f);
                }
                if (value instanceof BigDecimal bd) {
                    yield Double.doubleToRawLongBits(bd.doubleValue());
                }
                if (value instanceof Number n) {
                    long v = exactLong(type, n);
                    if (v <= MAX_EXACT_DOUBLE && v >= -MAX_EXACT_DOUBLE) {
                        yield Double.doubleToRawLongBits(v);
                    }
                }
                throw expected(type, value, "a Double (or an integer within ±2^53)");
            }
            case DECIMAL -> {
                BigInteger unscaled = unscaled(type, value);
                yield unscaled.longValueExact();
            }
            case DATE -> {
                if (value instanceof LocalDate d) {
                    yield d.toEpochDay();
                }
                if (value instanceof java.sql.Date d) {
                    yield d.toLocalDate().toEpochDay();
                }
                throw expected(type, value, "a LocalDate");
            }
            case TIMESTAMP -> micros(type, value);
            case STRING -> throw new IllegalStateException("string is binary");
        };
    }

    /** The binary merge value of {@code value} for a binary type (string, wide decimal). */
    public static byte[] toBytes(FieldType type, Object value) {
        if (type.kind() == dev.featurestore.types.TypeKind.STRING) {
            if (value instanceof CharSequence s) {
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
            throw expected(type, value, "a String");
        }
        return unscaled(type, value).toByteArray();
    }

    /** The Java value of a long merge value. */
    public static Object fromLong(FieldType type, long v) {
        return switch (type.kind()) {
            case BOOLEAN -> v != 0;
            case INT -> (int) v;
            case BIGINT -> v;
            case FLOAT -> Float.intBitsToFloat((int) v);
            case DOUBLE -> Double.longBitsToDouble(v);
            case DECIMAL -> BigDecimal.valueOf(v, type.scale());
            case DATE -> LocalDate.ofEpochDay(v);
            case TIMESTAMP -> Instant.EPOCH.plus(v, ChronoUnit.MICROS);
            case STRING -> throw new IllegalStateException("string is binary");
        };
    }

    /** The Java value of a binary merge value. */
    public static Object fromBytes(FieldType type, byte[] buf, int off, int len) {
        if (type.kind() == dev.featurestore.types.TypeKind.STRING) {
            return new String(buf, off, len, StandardCharsets.UTF_8);
        }
        byte[] b = java.util.Arrays.copyOfRange(buf, off, off + len);
        return new BigDecimal(new BigInteger(b), type.scale());
    }

    private static long exactLong(FieldType type, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            if (value instanceof BigInteger bi) {
                return bi.longValueExact();
            }
            if (value instanceof BigDecimal bd) {
                return bd.longValueExact();
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT_DOUBLE) {
                    return (long) d;
                }
            }
        } catch (ArithmeticException e) {
            // not an exact integer: reported below
        }
        throw expected(type, value, "an integer (Long or Integer)");
    }

    private static BigInteger unscaled(FieldType type, Object value) {
        BigDecimal bd;
        if (value instanceof BigDecimal b) {
            bd = b;
        } else if (value instanceof BigInteger bi) {
            bd = new BigDecimal(bi);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            bd = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            bd = BigDecimal.valueOf(((Number) value).doubleValue());
        } else {
            throw expected(type, value, "a BigDecimal");
        }
        BigDecimal scaled;
        try {
            scaled = bd.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(value + " has more than " + type.scale() + " decimal places (round it, or declare a larger scale than " + type.sqlName() + ")");
        }
        if (scaled.precision() > type.precision() && scaled.unscaledValue().signum() != 0) {
            throw new IllegalArgumentException(value + " does not fit " + type.sqlName() + " (declare a larger precision)");
        }
        return scaled.unscaledValue();
    }

    private static long micros(FieldType type, Object value) {
        Instant i;
        if (value instanceof Instant x) {
            i = x;
        } else if (value instanceof LocalDateTime x) {
            i = x.toInstant(ZoneOffset.UTC);
        } else if (value instanceof OffsetDateTime x) {
            i = x.toInstant();
        } else if (value instanceof ZonedDateTime x) {
            i = x.toInstant();
        } else if (value instanceof java.util.Date x) {
            i = x.toInstant();
        } else if (value instanceof LocalDate x) {
            i = x.atStartOfDay().toInstant(ZoneOffset.UTC);
        } else {
            throw expected(type, value, "an Instant or LocalDateTime");
        }
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    private static IllegalArgumentException expected(FieldType type, Object value, String what) {
        return new IllegalArgumentException("got " + value + " (" + value.getClass().getSimpleName() + ") for type "
                + type.sqlName() + " (pass " + what + ")");
    }
}
