package dev.featurestore.local.run;

import dev.featurestore.calculate.FunctionExecutor;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.calculate.SourceEngine;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.JdbcSourceRows;
import dev.featurestore.local.storage.LocalObjectStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one feature function on this machine (the calculation calls it from its thread pool): {@link
 * FunctionExecutor} over DuckDB. A SQL function is a DuckDB {@code COPY (<sql>) TO '<partial>'} over the source
 * views, its columns described (and checked) first; a Java function's source queries run on DuckDB.
 */
public final class LocalFunctionRunner implements FunctionRunner {
    /** Where partials are written before they are moved into the lake (below the lake root, so the move is cheap). */
    static final String WORK_DIR = ".work";

    private final FunctionExecutor executor;

    public LocalFunctionRunner(DuckDb db, LocalObjectStore store) {
        this.executor = new FunctionExecutor(store, task -> new Engine(db, db.connect()), store.root().resolve(WORK_DIR));
    }

    @Override
    public FunctionOutcome run(FunctionTask task) {
        return executor.run(task);
    }

    /** DuckDB as the executor's engine: one connection per function run. */
    private record Engine(DuckDb db, Connection connection) implements SourceEngine {

        @Override
        public Query query(String sql) {
            return new Query(JdbcSourceRows.run(connection, sql), Optional.empty());
        }

        @Override
        public Export export(String sql, Path target, Consumer<List<String>> columns) {
            try {
                columns.accept(DuckDb.describe(connection, sql).stream().map(DuckDb.Column::name).toList());
                return new Export(db.copyToParquet(connection, sql, target), true, Optional.empty());
            } catch (SQLException e) {
                throw new Failure(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new Failure("Cannot close a DuckDB connection: " + e.getMessage(), e);
            }
        }
    }
}
