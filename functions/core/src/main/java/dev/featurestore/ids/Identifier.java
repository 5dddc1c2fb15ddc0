package dev.featurestore.ids;

import dev.featurestore.error.UsageException;
import java.util.regex.Pattern;

/**
 * The one name rule for every identifier a caller can pass: group, org, version and run. Every entry point
 * (CLI, {@code serve}, Lambda) checks what it receives with {@link #require} before any lookup, so no name can
 * reach a file path or an object key with {@code ..}, {@code /}, {@code %}, {@code =} or control characters in it.
 *
 * <ul>
 *   <li>group: {@code [a-z][a-z0-9_]{0,62}} (also the config file name {@code groups/<group>.yaml} and a Glue table name)</li>
 *   <li>org: {@code [a-z0-9][a-z0-9_-]{0,62}}</li>
 *   <li>version and run: {@code yyyyMMdd'T'HHmmss'Z'-<4 to 32 hex digits>}, e.g. {@code 20261124T031500Z-3f9a}
 *       (a run id is the id of the version it creates)</li>
 * </ul>
 */
public enum Identifier {
    GROUP("group", "[a-z][a-z0-9_]{0,62}", "lowercase letters, digits and _, starting with a letter, at most 63"),
    ORG("org", "[a-z0-9][a-z0-9_-]{0,62}", "lowercase letters, digits, _ and -, starting with a letter or digit, at most 63"),
    VERSION("version", "\\d{8}T\\d{6}Z-[0-9a-f]{4,32}", "a version id like 20261124T031500Z-3f9a"),
    RUN("run", "\\d{8}T\\d{6}Z-[0-9a-f]{4,32}", "a run id like 20261124T031500Z-3f9a");

    /** Characters of a rejected value shown in a message; the rest is cut (and said so). */
    static final int SHOWN = 64;

    private final String kind;
    private final Pattern pattern;
    private final String rule;

    Identifier(String kind, String regex, String rule) {
        this.kind = kind;
        this.pattern = Pattern.compile(regex);
        this.rule = rule;
    }

    /** What the identifier names, as messages say it: group, org, version, run. */
    public String kind() {
        return kind;
    }

    /** The rule in words, as messages give it. */
    public String rule() {
        return rule;
    }

    public Pattern pattern() {
        return pattern;
    }

    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /**
     * Returns {@code value} if it is a valid name, else throws a {@link UsageException}:
     * "Cannot {verb}: {kind} '{value}' is not a valid name ({rule})", the value escaped and cut to
     * {@value #SHOWN} characters (never anything read from a file or the server's paths).
     */
    public String require(String verb, String value) {
        if (value == null) {
            throw new UsageException("Cannot " + verb + ": no " + kind + " given (" + rule + ")");
        }
        if (!matches(value)) {
            throw new UsageException("Cannot " + verb + ": " + kind + " '" + shown(value) + "' is not a valid name (" + rule + ")");
        }
        return value;
    }

    /**
     * A caller's value as it may appear in a message: control and non-ASCII characters as {@code \\uXXXX},
     * quotes and backslashes escaped, cut after {@value #SHOWN} characters with the full length said.
     */
    public static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(value.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\'') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > SHOWN) {
            sb.append("...(").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }
}
