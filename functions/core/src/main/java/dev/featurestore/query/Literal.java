package dev.featurestore.query;

import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Instant;
import java.util.Objects;

/**
 * A literal typed to the field it is compared with. The value's Java class follows the type: string →
 * String, boolean → Boolean, int → Integer, bigint → Long, float → Float, double → Double, decimal →
 * BigDecimal, date → LocalDate, timestamp → Instant (UTC, at most microsecond precision, as
 * {@link FieldType} documents). Never null: the filter language has no NULL literal (use IS NULL).
 */
public record Literal(FieldType type, Object value) {

    public Literal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = javaClass(type);
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("Cannot create a " + type + " literal from a "
                    + value.getClass().getSimpleName() + " (need " + expected.getSimpleName() + ")");
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new IllegalArgumentException("Cannot create a " + type + " literal from " + value + ": only finite numbers");
        }
        if (value instanceof Instant t && t.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("Cannot create a timestamp literal from " + t + ": at most microsecond precision");
        }
    }

    public static Literal of(FieldType type, Object value) {
        return new Literal(type, value);
    }

    /** The Java class of values of a field type. */
    public static Class<?> javaClass(FieldType type) {
        return switch (type.kind()) {
            case STRING -> String.class;
            case BOOLEAN -> Boolean.class;
            case INT -> Integer.class;
            case BIGINT -> Long.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case DATE -> LocalDate.class;
            case TIMESTAMP -> Instant.class;
        };
    }
}
