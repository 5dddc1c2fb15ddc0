package dev.featurestore.local.duckdb;

import dev.featurestore.config.FunctionOutputs;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.function.SqlParams;
import dev.featurestore.function.SqlText;
import dev.featurestore.types.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Knows a SQL function's outputs without running it: DuckDB describes the query over the source views.
 * Java functions and SQL functions that list their {@code fields:} go through {@link FunctionOutputs#DECLARED}.
 */
public final class DescribingOutputs implements FunctionOutputs {
    private final DuckDb db;

    public DescribingOutputs(DuckDb db) {
        this.db = db;
    }

    @Override
    public Optional<List<String>> outputs(FunctionSpec function) {
        if (!(function instanceof FunctionSpec.Sql sql) || sql.declaredFields().isPresent()) {
            return DECLARED.outputs(function);
        }
        // {{ params.NAME }} placeholders as NULL: the column names do not depend on an org's values
        String select = SqlParams.withNulls(SqlText.bare(sql.sql()));
        try (Connection c = db.connect()) {
            List<String> columns = DuckDb.describe(c, select).stream().map(DuckDb.Column::name).toList();
            if (!columns.contains(Schema.ID)) {
                throw new IllegalArgumentException("SQL function '" + sql.name() + "' returns no 'id' column (select the entity key AS id)");
            }
            return Optional.of(columns.stream().filter(n -> !n.equals(Schema.ID)).toList());
        } catch (SQLException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ").trim();
            throw new IllegalArgumentException("SQL function '" + sql.name() + "' does not compile against the sources: " + msg
                    + " (fix " + sql.path() + ")");
        }
    }
}
