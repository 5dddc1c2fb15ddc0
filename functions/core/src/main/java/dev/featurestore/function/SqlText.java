package dev.featurestore.function;

import java.util.ArrayList;
import java.util.List;

/** SQL text as code, quoted strings, quoted identifiers and comments — enough to edit it without changing its meaning. */
public final class SqlText {

    private SqlText() {
    }

    /**
     * The SELECT an engine can wrap ({@code COPY (...)}, {@code UNLOAD (...)}, {@code DESCRIBE (...)}): without
     * trailing semicolons, comments and whitespace, which would otherwise end the statement or hide the ')'.
     */
    public static String bare(String sql) {
        List<Segment> segments = segments(sql);
        int end = segments.size();
        while (end > 0) {
            Segment last = segments.get(end - 1);
            if (last.kind() == Kind.COMMENT || (last.kind() == Kind.CODE && last.text().replace(";", "").isBlank())) {
                end--;
            } else if (last.kind() == Kind.CODE && last.text().stripTrailing().endsWith(";")) {
                String code = last.text().stripTrailing();
                while (code.endsWith(";")) {
                    code = code.substring(0, code.length() - 1).stripTrailing();
                }
                segments = new ArrayList<>(segments.subList(0, end - 1));
                segments.add(new Segment(Kind.CODE, code));
                end = segments.size();
                break;
            } else {
                break;
            }
        }
        StringBuilder out = new StringBuilder();
        segments.subList(0, end).forEach(s -> out.append(s.text()));
        return out.toString().strip();
    }

    enum Kind { CODE, STRING, IDENTIFIER, COMMENT }

    record Segment(Kind kind, String text) {
    }

    /** Splits SQL into code, 'strings', "identifiers", -- and block comments (an unclosed one runs to the end). */
    static List<Segment> segments(String sql) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        int start = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            Kind kind;
            if (c == '\'' || c == '"') {
                kind = c == '\'' ? Kind.STRING : Kind.IDENTIFIER;
                end = i + 1;
                while (end < sql.length()) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                            end += 2; // a doubled quote is one quote character
                            continue;
                        }
                        end++;
                        break;
                    }
                    end++;
                }
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                kind = Kind.COMMENT;
                int nl = sql.indexOf('\n', i);
                end = nl < 0 ? sql.length() : nl;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                kind = Kind.COMMENT;
                int close = sql.indexOf("*/", i + 2);
                end = close < 0 ? sql.length() : close + 2;
            } else {
                i++;
                continue;
            }
            if (i > start) {
                segments.add(new Segment(Kind.CODE, sql.substring(start, i)));
            }
            segments.add(new Segment(kind, sql.substring(i, end)));
            i = end;
            start = end;
        }
        if (start < sql.length()) {
            segments.add(new Segment(Kind.CODE, sql.substring(start)));
        }
        return segments;
    }
}
