package dev.featurestore.local.duckdb;

import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.SourceRows;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@link SourceRows} over a JDBC result: DuckDB's naive TIMESTAMP is read as UTC (Athena's timestamp has no
 * zone either), never through the JVM's default time zone.
 */
public final class JdbcSourceRows implements SourceRows {
    private final Statement statement;
    private final ResultSet rows;
    private final String query;

    private JdbcSourceRows(Statement statement, ResultSet rows, String query) {
        this.statement = statement;
        this.rows = rows;
        this.query = query;
    }

    public static JdbcSourceRows run(Connection c, String sql) {
        Statement s = null;
        try {
            s = c.createStatement();
            return new JdbcSourceRows(s, s.executeQuery(sql), sql);
        } catch (SQLException e) {
            closeQuietly(s);
            throw new DataException("Cannot run source query: " + e.getMessage() + " (query: " + abbreviate(sql) + ")", e);
        }
    }

    @Override
    public boolean next() {
        try {
            return rows.next();
        } catch (SQLException e) {
            throw new DataException("Cannot read source query rows: " + e.getMessage() + " (query: " + abbreviate(query) + ")", e);
        }
    }

    @Override
    public boolean isNull(String column) {
        return get(column) == null;
    }

    @Override
    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    @Override
    public long getLong(String column) {
        return number(column).longValue();
    }

    @Override
    public double getDouble(String column) {
        return number(column).doubleValue();
    }

    @Override
    public boolean getBoolean(String column) {
        Object v = require(column);
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(column, v, "boolean");
    }

    @Override
    public LocalDate getDate(String column) {
        Object v = get(column);
        if (v == null || v instanceof LocalDate) {
            return (LocalDate) v;
        }
        if (v instanceof Instant i) {
            return LocalDate.ofInstant(i, ZoneOffset.UTC);
        }
        throw wrongType(column, v, "date");
    }

    @Override
    public Instant getTimestamp(String column) {
        Object v = get(column);
        if (v == null || v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        throw wrongType(column, v, "timestamp");
    }

    @Override
    public Object get(String column) {
        try {
            Object v = rows.getObject(column);
            if (v == null) {
                return null;
            }
            return switch (v) {
                case java.sql.Timestamp ignored -> rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                case LocalDateTime t -> t.toInstant(ZoneOffset.UTC);
                case OffsetDateTime t -> t.toInstant();
                case java.sql.Date ignored -> rows.getObject(column, LocalDate.class);
                case Short s -> (long) s;
                case Byte b -> (long) b;
                case java.math.BigInteger b -> new BigDecimal(b);
                default -> v;
            };
        } catch (SQLException e) {
            throw new DataException("Cannot read column '" + column + "' of the source query: " + e.getMessage()
                    + " (the query returns no such column, or check its name)", e);
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (SQLException ignored) {
            // nothing to recover
        }
        closeQuietly(statement);
    }

    private Number number(String column) {
        Object v = require(column);
        if (v instanceof Number n) {
            return n;
        }
        throw wrongType(column, v, "number");
    }

    private Object require(String column) {
        Object v = get(column);
        if (v == null) {
            throw new DataException("Cannot read column '" + column + "' as a value: it is null (check isNull first)");
        }
        return v;
    }

    private static DataException wrongType(String column, Object v, String expected) {
        return new DataException("Cannot read column '" + column + "' as a " + expected + ": it is a "
                + v.getClass().getSimpleName() + " ('" + v + "'; cast it in the query)");
    }

    private static void closeQuietly(Statement s) {
        if (s != null) {
            try {
                s.close();
            } catch (SQLException ignored) {
                // nothing to recover
            }
        }
    }

    static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    /** Wraps a JDBC failure of an engine step. */
    public static StorageException engineFailure(String verb, SQLException e) {
        return new StorageException("Cannot " + verb + ": " + e.getMessage(), e);
    }
}
