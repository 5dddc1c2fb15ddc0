package dev.featurestore.local.duckdb;

import dev.featurestore.config.FunctionOutputs;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.OutputColumn;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.function.SqlParams;
import dev.featurestore.function.SqlText;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Knows a SQL function's outputs and their types without running it: DuckDB describes the query over the
 * source views, and writes its empty result ({@code LIMIT 0}) to a Parquet file whose column types are what
 * the function's partial will hold, so the merge's own cast check decides whether each fits its field.
 * A SQL function that lists its {@code fields:} produces those names, typed from the description where the
 * query returns them; Java functions go through {@link FunctionOutputs#DECLARED}.
 */
public final class DescribingOutputs implements FunctionOutputs {
    private final DuckDb db;

    public DescribingOutputs(DuckDb db) {
        this.db = db;
    }

    @Override
    public Optional<List<OutputColumn>> outputs(FunctionSpec function) {
        if (!(function instanceof FunctionSpec.Sql sql)) {
            return DECLARED.outputs(function);
        }
        // {{ params.NAME }} placeholders as NULL: the column names do not depend on an org's values
        String select = SqlParams.withNulls(SqlText.bare(sql.sql()));
        try (Connection c = db.connect()) {
            List<DuckDb.Column> columns = DuckDb.describe(c, select);
            if (columns.stream().noneMatch(col -> col.name().equals(Schema.ID))) {
                throw new IllegalArgumentException("SQL function '" + sql.name() + "' returns no 'id' column (select the entity key AS id)");
            }
            MessageType written = emptyPartialSchema(c, select);
            List<OutputColumn> out = new ArrayList<>();
            for (DuckDb.Column col : columns) {
                if (!col.name().equals(Schema.ID)) {
                    Optional<Type> parquet = written.containsField(col.name()) ? Optional.of(written.getType(col.name())) : Optional.empty();
                    out.add(new OutputColumn(col.name(), Optional.of(new DuckDbOutputType(col.type(),
                            parquet.filter(Type::isPrimitive).map(Type::asPrimitiveType)))));
                }
            }
            if (sql.declaredFields().isPresent()) {
                // the config's list names the outputs; DuckDB's description gives their types where it has the column
                return Optional.of(sql.declaredFields().get().stream().map(name -> out.stream().filter(o -> o.name().equals(name))
                        .findFirst().orElse(OutputColumn.named(name))).toList());
            }
            return Optional.of(out);
        } catch (SQLException e) {
            if (sql.declaredFields().isPresent()) {
                return DECLARED.outputs(function); // listed outputs need no description; types are checked when it runs
            }
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ").trim();
            throw new IllegalArgumentException("SQL function '" + sql.name() + "' does not compile against the sources: " + msg
                    + " (fix " + sql.path() + ")");
        }
    }

    /** The Parquet schema DuckDB writes for the query's result, from an empty result (nothing is computed). */
    private MessageType emptyPartialSchema(Connection c, String select) throws SQLException {
        Path dir;
        try {
            dir = Files.createTempDirectory("featurestore-describe-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp directory to describe a SQL function: " + e.getMessage(), e);
        }
        Path file = dir.resolve("empty.parquet");
        try {
            db.copyToParquet(c, "SELECT * FROM (" + select + ") LIMIT 0", file);
            try (ParquetFile parquet = ParquetFile.open(file, "the empty result of a SQL function")) {
                return parquet.schema();
            }
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a leftover empty file in the temp directory
            }
        }
    }
}
