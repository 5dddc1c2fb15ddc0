package dev.featurestore.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes a filter tree back in the filter language, canonically (upper-case keywords, minimal quoting,
 * typed literals): for logs and messages. Parsing the output against the same schema gives an equal tree.
 */
public final class FilterFormatter {
    private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FilterFormatter() {
    }

    public static String format(Expr e) {
        StringBuilder out = new StringBuilder();
        write(e, out);
        return out.toString();
    }

    private static void write(Expr e, StringBuilder out) {
        switch (e) {
            case Expr.And a -> joined(a.operands(), " AND ", out);
            case Expr.Or o -> joined(o.operands(), " OR ", out);
            case Expr.Not n -> {
                out.append("NOT (");
                write(n.operand(), out);
                out.append(')');
            }
            case Expr.Compare c -> out.append(field(c.field())).append(' ').append(c.op().sql()).append(' ')
                    .append(literal(c.value()));
            case Expr.In in -> {
                out.append(field(in.field())).append(in.negated() ? " NOT IN (" : " IN (");
                for (int i = 0; i < in.values().size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(literal(in.values().get(i)));
                }
                out.append(')');
            }
            case Expr.Between b -> out.append(field(b.field())).append(b.negated() ? " NOT BETWEEN " : " BETWEEN ")
                    .append(literal(b.low())).append(" AND ").append(literal(b.high()));
            case Expr.IsNull n -> out.append(field(n.field())).append(n.negated() ? " IS NOT NULL" : " IS NULL");
            case Expr.Like l -> out.append(field(l.field())).append(l.negated() ? " NOT LIKE " : " LIKE ")
                    .append(string(l.pattern()));
        }
    }

    private static void joined(List<Expr> operands, String operator, StringBuilder out) {
        for (int i = 0; i < operands.size(); i++) {
            Expr o = operands.get(i);
            boolean wrap = o instanceof Expr.And || o instanceof Expr.Or;
            out.append(i == 0 ? "" : operator).append(wrap ? "(" : "");
            write(o, out);
            out.append(wrap ? ")" : "");
        }
    }

    static String field(String name) {
        boolean bare = BARE.matcher(name).matches() && !FilterParser.RESERVED.contains(name.toUpperCase(Locale.ROOT));
        return bare ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    static String literal(Literal l) {
        Object v = l.value();
        return switch (l.type().kind()) {
            case STRING -> string((String) v);
            case BOOLEAN -> (Boolean) v ? "TRUE" : "FALSE";
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case DATE -> "DATE '" + v + "'";
            case TIMESTAMP -> "TIMESTAMP '" + Values.timestampText((Instant) v).replace('T', ' ').replace("Z", "") + "'";
            default -> v.toString();
        };
    }

    private static String string(String s) {
        return '\'' + s.replace("'", "''") + '\'';
    }
}
