package dev.featurestore.types;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared field type. Names are the Athena/Glue ones ({@code string, boolean, int, bigint, float, double,
 * decimal(p,s), date, timestamp}); the original Python store's pandas names are accepted as aliases so an
 * existing config ports as is.
 *
 * <p>Java values: string → String, boolean → Boolean, int → Integer, bigint → Long, float → Float,
 * double → Double, decimal → BigDecimal, date → LocalDate, timestamp → Instant (microsecond precision, UTC,
 * no time zone adjustment: Athena's {@code timestamp}).
 */
public record FieldType(TypeKind kind, int precision, int scale) {

    public static final FieldType STRING = of(TypeKind.STRING);
    public static final FieldType BOOLEAN = of(TypeKind.BOOLEAN);
    public static final FieldType INT = of(TypeKind.INT);
    public static final FieldType BIGINT = of(TypeKind.BIGINT);
    public static final FieldType FLOAT = of(TypeKind.FLOAT);
    public static final FieldType DOUBLE = of(TypeKind.DOUBLE);
    public static final FieldType DATE = of(TypeKind.DATE);
    public static final FieldType TIMESTAMP = of(TypeKind.TIMESTAMP);

    public static final int MAX_DECIMAL_PRECISION = 38;

    private static final Pattern DECIMAL = Pattern.compile("decimal\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

    private static final Map<String, FieldType> NAMES = Map.ofEntries(
            Map.entry("string", STRING),
            Map.entry("varchar", STRING),
            Map.entry("boolean", BOOLEAN),
            Map.entry("int", INT),
            Map.entry("integer", INT),
            Map.entry("bigint", BIGINT),
            Map.entry("float", FLOAT),
            Map.entry("real", FLOAT),
            Map.entry("double", DOUBLE),
            Map.entry("date", DATE),
            Map.entry("timestamp", TIMESTAMP),
            // the original Python store's pandas dtypes
            Map.entry("str", STRING),
            Map.entry("object", STRING),
            Map.entry("bool", BOOLEAN),
            Map.entry("int32", INT),
            Map.entry("int64", BIGINT),
            Map.entry("float32", FLOAT),
            Map.entry("float64", DOUBLE),
            Map.entry("datetime64[ns]", TIMESTAMP),
            Map.entry("datetime64[us]", TIMESTAMP),
            Map.entry("datetime64[ms]", TIMESTAMP));

    public FieldType {
        if (kind == TypeKind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException(
                        "Cannot create decimal(" + precision + "," + scale + "): need 1 <= precision <= 38 and 0 <= scale <= precision");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException("Cannot create " + kind + " with precision/scale: only decimal has them");
        }
    }

    public static FieldType of(TypeKind kind) {
        return new FieldType(kind, 0, 0);
    }

    public static FieldType decimal(int precision, int scale) {
        return new FieldType(TypeKind.DECIMAL, precision, scale);
    }

    /** Parses a type name or alias; empty when the name is not a known type. */
    public static Optional<FieldType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        FieldType known = NAMES.get(n);
        if (known != null) {
            return Optional.of(known);
        }
        Matcher m = DECIMAL.matcher(n);
        if (m.matches()) {
            int p = Integer.parseInt(m.group(1));
            int s = Integer.parseInt(m.group(2));
            if (p >= 1 && p <= MAX_DECIMAL_PRECISION && s <= p) {
                return Optional.of(decimal(p, s));
            }
        }
        return Optional.empty();
    }

    /** The names accepted by {@link #parse}, for error messages. */
    public static String knownNames() {
        return "string, boolean, int, bigint, float, double, decimal(p,s), date, timestamp"
                + " (aliases: str, object, bool, int32, int64, float32, float64, datetime64[ns])";
    }

    /** The Athena / Glue / DuckDB SQL name, e.g. {@code bigint} or {@code decimal(10,2)}. */
    public String sqlName() {
        return kind == TypeKind.DECIMAL
                ? "decimal(" + precision + "," + scale + ")"
                : kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return sqlName();
    }
}
