package dev.featurestore.query;

import dev.featurestore.error.QueryException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Renders a parsed filter and a resolved query as SQL for one dialect. Only the tree is rendered, never a
 * user's text: identifiers are always double-quoted (a {@code "} doubled), literals are typed and escaped
 * (strings with {@code ''}), numbers are canonical Java spellings.
 *
 * <p>Literal types: {@code DATE '2024-01-31'}, {@code TIMESTAMP '2024-01-31 10:00:00'} (Athena: always with
 * milliseconds, {@code '2024-01-31 10:00:00.000'}), {@code REAL '1.5'}, {@code DOUBLE '1.5'}, decimals exact
 * ({@code DECIMAL '1.23'} on Athena; on DuckDB the plain {@code 1.23}, which DuckDB types as exact
 * DECIMAL(3,2), whereas its {@code DECIMAL '1.23'} would round to DECIMAL(18,3)), integers plain.
 */
public final class SqlRenderer {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final SqlDialect dialect;

    private SqlRenderer(SqlDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public static SqlRenderer create(SqlDialect dialect) {
        return new SqlRenderer(dialect);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * {@code SELECT "id", "a", ... FROM <from> [WHERE <partition predicates> AND (<filter>)] [LIMIT n]}.
     *
     * @param from            the engine's source, trusted SQL built by the engine (e.g. DuckDB's
     *                        {@code read_parquet([...])} or Athena's {@code "db"."table"})
     * @param partitionValues column → value equalities ANDed before the filter, in order (Athena: {@code org},
     *                        {@code version}); rendered as quoted identifiers and string literals
     */
    public String select(QueryPlan plan, String from, Map<String, String> partitionValues) {
        StringBuilder sql = new StringBuilder("SELECT ");
        StringJoiner columns = new StringJoiner(", ");
        for (String c : plan.selection().columnNames()) {
            columns.add(identifier(c));
        }
        sql.append(columns).append(" FROM ").append(from);
        StringJoiner where = new StringJoiner(" AND ");
        partitionValues.forEach((column, value) -> where.add(identifier(column) + " = " + stringLiteral(value)));
        plan.filter().ifPresent(f -> where.add(partitionValues.isEmpty() ? expression(f) : "(" + expression(f) + ")"));
        if (where.length() > 0) {
            sql.append(" WHERE ").append(where);
        }
        plan.query().limit().ifPresent(n -> sql.append(" LIMIT ").append(n));
        return sql.toString();
    }

    /**
     * Athena only: {@code UNLOAD (<select>) TO '<location>' WITH (format = 'PARQUET', compression = 'SNAPPY')},
     * which writes the answer as Parquet files under an S3 prefix (it must end with {@code /} and be empty).
     */
    public String unloadParquet(String select, String location) {
        if (dialect != SqlDialect.ATHENA) {
            throw new IllegalStateException("Cannot render UNLOAD for " + dialect + ": it is an Athena statement");
        }
        if (!location.startsWith("s3://") || !location.endsWith("/")) {
            throw new IllegalArgumentException("Cannot UNLOAD to " + location + ": need an s3://bucket/prefix/ ending in /");
        }
        return "UNLOAD (" + select + ") TO " + stringLiteral(location)
                + " WITH (format = 'PARQUET', compression = 'SNAPPY')";
    }

    /** {@link #select(QueryPlan, String, Map)} without partition predicates (the source is already pruned). */
    public String select(QueryPlan plan, String from) {
        return select(plan, from, Map.of());
    }

    /** The boolean SQL expression of a filter. */
    public String expression(Expr e) {
        StringBuilder out = new StringBuilder();
        render(e, out);
        return out.toString();
    }

    private void render(Expr e, StringBuilder out) {
        switch (e) {
            case Expr.And a -> joined(a.operands(), " AND ", out);
            case Expr.Or o -> joined(o.operands(), " OR ", out);
            case Expr.Not n -> {
                out.append("NOT (");
                render(n.operand(), out);
                out.append(')');
            }
            case Expr.Compare c -> out.append(identifier(c.field())).append(' ').append(c.op().sql()).append(' ')
                    .append(literal(c.value()));
            case Expr.In in -> {
                out.append(identifier(in.field())).append(in.negated() ? " NOT IN (" : " IN (");
                for (int i = 0; i < in.values().size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(literal(in.values().get(i)));
                }
                out.append(')');
            }
            case Expr.Between b -> out.append('(').append(identifier(b.field()))
                    .append(b.negated() ? " NOT BETWEEN " : " BETWEEN ").append(literal(b.low()))
                    .append(" AND ").append(literal(b.high())).append(')');
            case Expr.IsNull n -> out.append(identifier(n.field())).append(n.negated() ? " IS NOT NULL" : " IS NULL");
            case Expr.Like l -> {
                out.append(identifier(l.field())).append(l.negated() ? " NOT LIKE " : " LIKE ")
                        .append(stringLiteral(l.pattern()));
                if (l.pattern().indexOf('\\') >= 0) {
                    out.append(" ESCAPE '\\'");
                }
            }
        }
    }

    private void joined(List<Expr> operands, String operator, StringBuilder out) {
        for (int i = 0; i < operands.size(); i++) {
            Expr o = operands.get(i);
            boolean wrap = o instanceof Expr.And || o instanceof Expr.Or;
            out.append(i == 0 ? "" : operator).append(wrap ? "(" : "");
            render(o, out);
            out.append(wrap ? ")" : "");
        }
    }

    /** A double-quoted identifier, {@code "} doubled. */
    public String identifier(String name) {
        checkNoNul(name, "identifier");
        if (name.isEmpty()) {
            throw new QueryException("Cannot render an empty identifier");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A dotted name of quoted identifiers, e.g. {@code "db"."table"}. */
    public String qualifiedName(String... parts) {
        StringJoiner j = new StringJoiner(".");
        for (String p : parts) {
            j.add(identifier(p));
        }
        return j.toString();
    }

    /** A single-quoted string literal, {@code '} doubled. */
    public String stringLiteral(String value) {
        checkNoNul(value, "string literal");
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** The typed SQL literal of a filter literal. */
    public String literal(Literal literal) {
        Object v = literal.value();
        return switch (literal.type().kind()) {
            case STRING -> stringLiteral((String) v);
            case BOOLEAN -> (Boolean) v ? "TRUE" : "FALSE";
            case INT, BIGINT -> v.toString();
            case FLOAT -> "REAL '" + v + "'";
            case DOUBLE -> "DOUBLE '" + v + "'";
            case DECIMAL -> dialect == SqlDialect.ATHENA
                    ? "DECIMAL '" + ((BigDecimal) v).toPlainString() + "'"
                    : ((BigDecimal) v).toPlainString();
            case DATE -> "DATE '" + v + "'";
            case TIMESTAMP -> "TIMESTAMP '" + timestamp(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC)) + "'";
        };
    }

    private String timestamp(LocalDateTime t) {
        String seconds = SECONDS.format(t);
        int micros = t.getNano() / 1000;
        if (micros % 1000 == 0) {
            return dialect == SqlDialect.ATHENA ? seconds + String.format(".%03d", micros / 1000)
                    : micros == 0 ? seconds : seconds + String.format(".%03d", micros / 1000);
        }
        return seconds + String.format(".%06d", micros);
    }

    private static void checkNoNul(String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new QueryException("Cannot render " + what + ": it contains a NUL character (U+0000)");
        }
    }
}
