package dev.featurestore.query;

import dev.featurestore.error.DataException;
import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Field values in results: what engines hand back (DuckDB JDBC objects, Athena's strings) normalized to the
 * Java classes of {@link Literal#javaClass}, and their text form (CSV, tables).
 *
 * <p>Text form: strings as is, {@code true}/{@code false}, integers in decimal, floats/doubles as Java prints
 * them ({@code 1.5}, {@code 1.0E10}), decimals plain ({@code 12.30}), dates {@code 2024-01-31}, timestamps
 * ISO-8601 in UTC with a {@code Z} and only as many fractional digits as needed
 * ({@code 2024-01-31T10:00:00Z}, {@code 2024-01-31T10:00:00.123Z}).
 */
public final class Values {
    private static final DateTimeFormatter SQL_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd[ ]['T']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd()
            .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter();

    private Values() {
    }

    /**
     * Converts an engine value to the Java class of its field type; {@code null} stays {@code null} (every field
     * is nullable). Strings are parsed (Athena returns every value as text).
     *
     * @throws DataException when the value cannot be a value of that type
     */
    public static Object normalize(FieldType type, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (type.kind()) {
                case STRING -> value.toString();
                case BOOLEAN -> value instanceof Boolean b ? b : parseBoolean(value.toString());
                case INT -> Math.toIntExact(integral(value));
                case BIGINT -> integral(value);
                case FLOAT -> value instanceof Number n ? Float.valueOf(n.floatValue()) : Float.valueOf(value.toString().trim());
                case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(value.toString().trim());
                case DECIMAL -> value instanceof BigDecimal d ? d
                        : value instanceof BigInteger bi ? new BigDecimal(bi)
                        : new BigDecimal(value.toString().trim());
                case DATE -> date(value);
                case TIMESTAMP -> timestamp(value);
            };
        } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
            throw new DataException("Cannot read value \"" + FilterText.echo(String.valueOf(value)) + "\" as "
                    + type.sqlName() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The text form of a normalized value (see the class comment); {@code null} for null. */
    public static String text(FieldType type, Object value) {
        Object v = normalize(type, value);
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case TIMESTAMP -> timestampText((Instant) v);
            default -> v.toString();
        };
    }

    /** ISO-8601 UTC with a Z, seconds always, fraction only as long as needed (up to microseconds). */
    static String timestampText(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static long integral(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return new BigDecimal(value.toString().trim()).longValueExact();
    }

    private static Boolean parseBoolean(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new NumberFormatException("not true or false");
        };
    }

    private static LocalDate date(Object value) {
        return switch (value) {
            case LocalDate d -> d;
            case java.sql.Date d -> d.toLocalDate();
            case LocalDateTime t -> t.toLocalDate();
            default -> LocalDate.parse(value.toString().trim());
        };
    }

    private static Instant timestamp(Object value) {
        return switch (value) {
            case Instant i -> i;
            case LocalDateTime t -> t.toInstant(ZoneOffset.UTC);
            case OffsetDateTime t -> t.toInstant();
            case ZonedDateTime t -> t.toInstant();
            // java.sql.Timestamp's fields are in the JVM's zone; its local date-time is what the engine meant
            case java.sql.Timestamp t -> t.toLocalDateTime().toInstant(ZoneOffset.UTC);
            case java.util.Date d -> d.toInstant();
            default -> {
                var parsed = SQL_TIMESTAMP.parseBest(value.toString().trim(), OffsetDateTime::from, LocalDateTime::from);
                yield parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            }
        };
    }
}
