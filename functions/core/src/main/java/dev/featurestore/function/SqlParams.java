package dev.featurestore.function;

import dev.featurestore.error.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The org's params in a SQL function: {@code {{ params.NAME }}} is replaced by the param's value as one SQL
 * literal — never as SQL text:
 * <ul>
 *   <li>a whole number: its digits ({@code 2500}); a negative one in parentheses ({@code (-3)}), so that
 *       {@code x -{{ params.n }}} cannot become a {@code --} comment;</li>
 *   <li>a decimal number: Java's shortest exact form ({@code 52.52}, {@code 1.0E-9}), negative in parentheses;
 *       NaN and infinities are refused;</li>
 *   <li>a boolean: {@code TRUE} or {@code FALSE};</li>
 *   <li>a string: a single-quoted SQL string with each {@code '} doubled ({@code 'O''Brien'}); a string with a
 *       NUL character is refused. Backslashes are plain characters (standard SQL strings in DuckDB and Athena).</li>
 * </ul>
 * A placeholder is a value on its own: inside a quoted string or identifier it is refused (write
 * {@code {{ params.tier }}}, not {@code '{{ params.tier }}'}), inside a comment it is left as written. Any other
 * {@code {{ ... }}} is refused, and so is a param the org does not set.
 */
public final class SqlParams {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*params\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private SqlParams() {
    }

    /**
     * The SQL with every placeholder outside comments replaced by its literal.
     *
     * @param function names the function in errors, e.g. "SQL function 'orders' (customer/orders.sql)"
     * @throws ConfigException naming the placeholder and the fix
     */
    public static String bind(String sql, Params params, String function) {
        StringBuilder out = new StringBuilder(sql.length());
        for (SqlText.Segment s : SqlText.segments(sql)) {
            if (s.kind() != SqlText.Kind.CODE) {
                if (s.kind() != SqlText.Kind.COMMENT && s.text().contains("{{")) {
                    throw new ConfigException("Cannot bind params in " + function + ": a placeholder inside a quoted "
                            + (s.kind() == SqlText.Kind.STRING ? "string" : "identifier") + " (" + s.text().strip()
                            + ") (write {{ params.NAME }} without quotes: it becomes a quoted literal itself)");
                }
                out.append(s.text());
                continue;
            }
            out.append(code(s.text(), params, function));
        }
        return out.toString();
    }

    /**
     * The SQL with every placeholder outside comments replaced by {@code NULL}: for describing a function's
     * columns without an org (their names do not depend on the values). Checks nothing: {@link #bind} does.
     */
    public static String withNulls(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        for (SqlText.Segment s : SqlText.segments(sql)) {
            out.append(s.kind() == SqlText.Kind.CODE ? PLACEHOLDER.matcher(s.text()).replaceAll("NULL") : s.text());
        }
        return out.toString();
    }

    /** The names of the params the SQL uses (outside comments), in order, with repeats. */
    public static List<String> references(String sql) {
        List<String> names = new ArrayList<>();
        for (SqlText.Segment s : SqlText.segments(sql)) {
            if (s.kind() == SqlText.Kind.CODE) {
                Matcher m = PLACEHOLDER.matcher(s.text());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static String code(String text, Params params, String function) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(text, at, m.start());
            String name = m.group(1);
            Object value = params.get(name).orElseThrow(() -> new ConfigException("Cannot bind params in " + function
                    + ": it uses {{ params." + name + " }}, which is not set (known: " + params.values().keySet()
                    + "; add it under params:)"));
            out.append(literal(name, value, function));
            at = m.end();
        }
        String rest = text.substring(at);
        int open = rest.indexOf("{{");
        if (open >= 0) {
            int close = rest.indexOf("}}", open);
            String found = close < 0 ? rest.substring(open) : rest.substring(open, close + 2);
            throw new ConfigException("Cannot bind params in " + function + ": '" + found.strip()
                    + "' is not a param placeholder (write {{ params.NAME }})");
        }
        out.append(rest);
        return out.toString();
    }

    /** The SQL literal of one param value (see the class comment for the rules). */
    static String literal(String name, Object value, String function) {
        return switch (value) {
            case Boolean b -> b ? "TRUE" : "FALSE";
            case Long l -> l < 0 ? "(" + l + ")" : Long.toString(l);
            case Integer i -> i < 0 ? "(" + i + ")" : Integer.toString(i);
            case Double d when d.isNaN() || d.isInfinite() -> throw new ConfigException("Cannot bind params in " + function
                    + ": params." + name + " is " + d + " (set a finite number)");
            case Double d -> d < 0 ? "(" + d + ")" : d.toString().toUpperCase(Locale.ROOT);
            case String s when s.indexOf('\0') >= 0 -> throw new ConfigException("Cannot bind params in " + function
                    + ": params." + name + " contains a NUL character (remove it)");
            case String s -> "'" + s.replace("'", "''") + "'";
            default -> throw new ConfigException("Cannot bind params in " + function + ": params." + name + " is a "
                    + value.getClass().getSimpleName() + " (use a number, string or boolean)");
        };
    }
}
