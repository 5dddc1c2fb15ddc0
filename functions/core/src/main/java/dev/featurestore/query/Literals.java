package dev.featurestore.query;

import dev.featurestore.error.QueryException;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Type-checks literal tokens against the field they are compared with and converts them to typed values. */
final class Literals {
    /** Most digits of a decimal literal (Athena's and DuckDB's decimal limit). */
    static final int MAX_DECIMAL_DIGITS = 38;

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?(Z)?");

    private Literals() {
    }

    static Literal number(String raw, String field, FieldType type, Token at, FilterParser p) {
        BigDecimal bd;
        try {
            bd = new BigDecimal(raw);
        } catch (NumberFormatException e) {
            // only an exponent beyond the int range gets here: the lexer accepts nothing but digits
            throw outOfRange(raw, field, type, at, p);
        }
        return switch (type.kind()) {
            case INT, BIGINT -> {
                if (integerDigits(bd) > 19) {
                    throw outOfRange(raw, field, type, at, p);
                }
                if (bd.stripTrailingZeros().scale() > 0) {
                    throw mismatch(raw, "a non-integer number", field, type, at, p);
                }
                BigDecimal whole = bd.setScale(0);
                try {
                    yield type.kind() == TypeKind.INT
                            ? Literal.of(type, whole.intValueExact())
                            : Literal.of(type, whole.longValueExact());
                } catch (ArithmeticException e) {
                    throw outOfRange(raw, field, type, at, p);
                }
            }
            case FLOAT -> {
                float f = Float.parseFloat(raw);
                if (Float.isInfinite(f)) {
                    throw outOfRange(raw, field, type, at, p);
                }
                yield Literal.of(type, f);
            }
            case DOUBLE -> {
                double d = Double.parseDouble(raw);
                if (Double.isInfinite(d)) {
                    throw outOfRange(raw, field, type, at, p);
                }
                yield Literal.of(type, d);
            }
            case DECIMAL -> {
                if (integerDigits(bd) + Math.max(bd.scale(), 0) > MAX_DECIMAL_DIGITS) {
                    throw FilterText.semantic(p.text(), "the number " + shorten(raw) + " at position " + p.position(at)
                            + " has more than " + MAX_DECIMAL_DIGITS + " digits (field " + quoted(field) + " is "
                            + type.sqlName() + ")");
                }
                yield Literal.of(type, bd.scale() < 0 ? bd.setScale(0) : bd);
            }
            default -> throw mismatch(shorten(raw), "a number", field, type, at, p);
        };
    }

    static Literal string(String value, String field, FieldType type, Token at, FilterParser p) {
        return switch (type.kind()) {
            case STRING -> Literal.of(type, value);
            case DATE -> Literal.of(type, parseDate(value).orElseThrow(() -> invalid(value, "date", at, p)));
            case TIMESTAMP -> Literal.of(type, parseTimestamp(value, at, p));
            default -> throw mismatch(shortQuote(at.raw()), "a string", field, type, at, p);
        };
    }

    static Literal bool(boolean value, String field, FieldType type, Token at, FilterParser p) {
        if (type.kind() != TypeKind.BOOLEAN) {
            throw mismatch(at.raw(), "a boolean", field, type, at, p);
        }
        return Literal.of(type, value);
    }

    static Literal date(String value, String field, FieldType type, Token at, FilterParser p) {
        LocalDate date = parseDate(value).orElseThrow(() -> invalid(value, "date", at, p));
        return switch (type.kind()) {
            case DATE -> Literal.of(type, date);
            case TIMESTAMP -> Literal.of(type, date.atStartOfDay().toInstant(ZoneOffset.UTC));
            default -> throw mismatch("DATE " + shortQuote("'" + value + "'"), "a date", field, type, at, p);
        };
    }

    static Literal timestamp(String value, String field, FieldType type, Token at, FilterParser p) {
        if (type.kind() != TypeKind.TIMESTAMP) {
            throw mismatch("TIMESTAMP " + shortQuote("'" + value + "'"), "a timestamp", field, type, at, p);
        }
        return Literal.of(type, parseTimestamp(value, at, p));
    }

    static Optional<LocalDate> parseDate(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Parses {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z]}; empty when it is not one. */
    static Optional<Instant> parseTimestamp(String value) {
        Matcher m = TIMESTAMP.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        String fraction = m.group(7) == null ? "" : m.group(7);
        String micros = (fraction + "000000").substring(0, 6);
        if (fraction.length() > 6 && !fraction.substring(6).matches("0*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    Integer.parseInt(micros) * 1000).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Instant parseTimestamp(String value, Token at, FilterParser p) {
        return parseTimestamp(value).orElseThrow(() -> invalid(value, "timestamp", at, p));
    }

    private static int integerDigits(BigDecimal bd) {
        return Math.max(bd.precision() - bd.scale(), 1);
    }

    private static QueryException invalid(String value, String kind, Token at, FilterParser p) {
        String format = kind.equals("date")
                ? "YYYY-MM-DD, e.g. '2024-01-31'"
                : "YYYY-MM-DD HH:MM:SS with up to 6 fractional digits, e.g. '2024-01-31 10:00:00'; no time zone (UTC)";
        return FilterText.semantic(p.text(), shortQuote("'" + value + "'") + " at position " + p.position(at)
                + " is not a valid " + kind + " (write " + format + ")");
    }

    private static QueryException outOfRange(String raw, String field, FieldType type, Token at, FilterParser p) {
        return FilterText.semantic(p.text(), "the number " + shorten(raw) + " at position " + p.position(at)
                + " is out of range for field " + quoted(field) + " of type " + type.sqlName());
    }

    private static QueryException mismatch(String shown, String what, String field, FieldType type, Token at,
                                           FilterParser p) {
        return FilterText.semantic(p.text(), "field " + quoted(field) + " is " + type.sqlName() + ", but " + shown
                + " at position " + p.position(at) + " is " + what + " (" + hint(type) + ")");
    }

    static String hint(FieldType type) {
        return switch (type.kind()) {
            case INT, BIGINT -> "write an integer without quotes, e.g. 30";
            case FLOAT, DOUBLE, DECIMAL -> "write a number without quotes, e.g. 1.5";
            case STRING -> "write a string in single quotes, e.g. 'abc'";
            case BOOLEAN -> "write TRUE or FALSE";
            case DATE -> "write DATE '2024-01-31' or '2024-01-31'";
            case TIMESTAMP -> "write TIMESTAMP '2024-01-31 10:00:00' or '2024-01-31 10:00:00'";
        };
    }

    static String quoted(String field) {
        return "\"" + shorten(field) + "\"";
    }

    static String shorten(String s) {
        String echo = FilterText.echo(s);
        return echo.length() > 40 ? echo.substring(0, 40) + "…" : echo;
    }

    static String shortQuote(String raw) {
        String echo = FilterText.echo(raw);
        return echo.length() > 40 ? echo.substring(0, 39) + "…'" : echo;
    }
}
