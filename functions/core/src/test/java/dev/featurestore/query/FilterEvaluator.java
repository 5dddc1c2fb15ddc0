package dev.featurestore.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a filter tree on one row in Java with SQL's three-valued logic ({@code null} = UNKNOWN): the
 * reference the DuckDB differential test compares the rendered SQL with. A row passes when the result is TRUE.
 * Strings compare by UTF-8 bytes (= code points), as DuckDB and Trino do.
 */
public final class FilterEvaluator {
    private FilterEvaluator() {
    }

    public static boolean passes(Expr e, Map<String, Object> row) {
        return Boolean.TRUE.equals(eval(e, row));
    }

    public static Boolean eval(Expr e, Map<String, Object> row) {
        return switch (e) {
            case Expr.And a -> {
                boolean unknown = false;
                for (Expr o : a.operands()) {
                    Boolean v = eval(o, row);
                    if (Boolean.FALSE.equals(v)) {
                        yield false;
                    }
                    unknown |= v == null;
                }
                yield unknown ? null : true;
            }
            case Expr.Or o -> {
                boolean unknown = false;
                for (Expr x : o.operands()) {
                    Boolean v = eval(x, row);
                    if (Boolean.TRUE.equals(v)) {
                        yield true;
                    }
                    unknown |= v == null;
                }
                yield unknown ? null : false;
            }
            case Expr.Not n -> {
                Boolean v = eval(n.operand(), row);
                yield v == null ? null : !v;
            }
            case Expr.Compare c -> {
                Object v = row.get(c.field());
                if (v == null) {
                    yield null;
                }
                int cmp = compare(v, c.value().value());
                yield switch (c.op()) {
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    case GE -> cmp >= 0;
                };
            }
            case Expr.In in -> {
                Object v = row.get(in.field());
                if (v == null) {
                    yield null;
                }
                boolean found = in.values().stream().anyMatch(l -> compare(v, l.value()) == 0);
                yield found != in.negated();
            }
            case Expr.Between b -> {
                Object v = row.get(b.field());
                if (v == null) {
                    yield null;
                }
                boolean inside = compare(v, b.low().value()) >= 0 && compare(v, b.high().value()) <= 0;
                yield inside != b.negated();
            }
            case Expr.IsNull n -> (row.get(n.field()) == null) != n.negated();
            case Expr.Like l -> {
                Object v = row.get(l.field());
                if (v == null) {
                    yield null;
                }
                yield likeRegex(l.pattern()).matcher((String) v).matches() != l.negated();
            }
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object value, Object literal) {
        if (value instanceof String a && literal instanceof String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof BigDecimal a && literal instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        if (value instanceof Float a && literal instanceof Float b) {
            return a.floatValue() < b ? -1 : a.floatValue() > b ? 1 : 0;
        }
        if (value instanceof Double a && literal instanceof Double b) {
            return a.doubleValue() < b ? -1 : a.doubleValue() > b ? 1 : 0;
        }
        return ((Comparable) value).compareTo(literal);
    }

    /** A LIKE pattern as a regex: % any run, _ one character, \ escapes the next character. */
    static Pattern likeRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' && i < pattern.length()) {
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                regex.append(Pattern.quote(new String(Character.toChars(next))));
            } else if (cp == '%') {
                regex.append(".*");
            } else if (cp == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(cp))));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
