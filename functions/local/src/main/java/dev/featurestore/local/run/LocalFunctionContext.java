package dev.featurestore.local.run;

import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.Params;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.function.SourceRows;
import dev.featurestore.local.duckdb.JdbcSourceRows;
import dev.featurestore.types.Schema;
import java.sql.Connection;
import java.util.List;

/**
 * A Java function's view of a local run: source SQL on DuckDB (recorded for the manifest), its partial
 * with core's Parquet partial writer.
 */
record LocalFunctionContext(String group, String org, String runId, Params params, Schema fields,
                            Connection connection, PartialWriter writer, List<String> queries) implements FunctionContext {

    @Override
    public SourceRows query(String sql) {
        synchronized (queries) {
            queries.add(sql);
        }
        return JdbcSourceRows.run(connection, sql);
    }

    @Override
    public PartialWriter partial() {
        return writer;
    }
}
