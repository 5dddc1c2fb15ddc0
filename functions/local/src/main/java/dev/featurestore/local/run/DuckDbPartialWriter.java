package dev.featurestore.local.run;

import dev.featurestore.error.DataException;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.local.duckdb.DuckDbTypes;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A Java function's partial, written through DuckDB: rows go to a temporary table with an appender, then
 * {@link #finish()} copies the table to the partial's Parquet file. Values are checked against the declared
 * field types (no silent conversion).
 */
final class DuckDbPartialWriter implements PartialWriter, AutoCloseable {
    private final String function;
    private final Schema fields;
    private final Connection connection;
    private final String table;
    private final DuckDBAppender appender;
    private long rows;

    DuckDbPartialWriter(String function, Schema fields, Connection connection) {
        this.function = function;
        this.fields = fields;
        this.connection = connection;
        this.table = "partial_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE ").append(table).append(" (id VARCHAR");
        for (Field f : fields.fields()) {
            ddl.append(", ").append(Sql.identifier(f.name())).append(' ').append(DuckDbTypes.sqlType(f.type()));
        }
        ddl.append(')');
        try (Statement s = connection.createStatement()) {
            s.execute(ddl.toString());
            this.appender = ((DuckDBConnection) connection).createAppender("temp", "main", table);
        } catch (SQLException e) {
            throw new DataException("Cannot start the partial of function '" + function + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String id, Object... values) {
        if (id == null) {
            throw new DataException("Cannot write a row of function '" + function + "' without an id (every row needs one)");
        }
        if (values.length != fields.size()) {
            throw new DataException("Cannot write row '" + id + "' of function '" + function + "': " + values.length
                    + " values for " + fields.size() + " fields " + fields.names() + " (pass one value per field, null when missing)");
        }
        try {
            appender.beginRow();
            appender.append(id);
            for (int i = 0; i < values.length; i++) {
                append(fields.fields().get(i), id, values[i]);
            }
            appender.endRow();
            rows++;
        } catch (SQLException e) {
            throw new DataException("Cannot write row '" + id + "' of function '" + function + "': " + e.getMessage(), e);
        }
    }

    private void append(Field field, String id, Object v) throws SQLException {
        if (v == null) {
            appender.appendNull();
            return;
        }
        switch (field.type().kind()) {
            case STRING -> {
                if (!(v instanceof CharSequence)) {
                    throw wrong(field, id, v);
                }
                appender.append(v.toString());
            }
            case BOOLEAN -> appender.append((Boolean) require(field, id, v, Boolean.class));
            case INT -> appender.append(Math.toIntExact(integral(field, id, v)));
            case BIGINT -> appender.append(integral(field, id, v));
            case FLOAT -> appender.append(((Number) require(field, id, v, Number.class)).floatValue());
            case DOUBLE -> appender.append(((Number) require(field, id, v, Number.class)).doubleValue());
            case DECIMAL -> {
                BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(require(field, id, v, Number.class).toString());
                appender.append(d.setScale(field.type().scale(), RoundingMode.HALF_UP));
            }
            case DATE -> appender.append((LocalDate) require(field, id, v, LocalDate.class));
            case TIMESTAMP -> {
                Instant t = (Instant) require(field, id, v, Instant.class);
                appender.append(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
            }
        }
    }

    private long integral(Field field, String id, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw wrong(field, id, v);
    }

    private <T> Object require(Field field, String id, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw wrong(field, id, v);
        }
        return v;
    }

    private DataException wrong(Field field, String id, Object v) {
        return new DataException("Cannot write field '" + field.name() + "' (" + field.type() + ") of row '" + id
                + "' in function '" + function + "': got a " + v.getClass().getSimpleName() + " ('" + v
                + "'; pass the Java type of " + field.type() + ")");
    }

    @Override
    public long rowsWritten() {
        return rows;
    }

    /** Writes the partial's Parquet file. */
    void finish(Path target) {
        try (Statement s = connection.createStatement()) {
            appender.close();
            s.execute("COPY " + table + " TO " + Sql.literal(target.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION snappy)");
        } catch (SQLException e) {
            throw new DataException("Cannot write the partial of function '" + function + "' to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Statement s = connection.createStatement()) {
            try {
                appender.close();
            } catch (SQLException ignored) {
                // already closed by finish()
            }
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException ignored) {
            // the connection goes away with the run
        }
    }
}
