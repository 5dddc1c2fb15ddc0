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
import java.util.function.LongSupplier;

/**
 * Runs one feature function on this machine (the calculation calls it from its thread pool): {@link
 * FunctionExecutor} over DuckDB. A SQL function is a DuckDB {@code COPY (<sql>) TO '<partial>'} over the source
 * views, its columns described (and checked) first; a Java function's source queries run on DuckDB. What each
 * running function has done so far goes to a {@link FunctionProgress}.
 */
public final class LocalFunctionRunner implements FunctionRunner {
    /** Where partials are written before they are moved into the lake (below the lake root, so the move is cheap). */
    static final String WORK_DIR = ".work";

    private final FunctionExecutor executor;

    public LocalFunctionRunner(DuckDb db, LocalObjectStore store) {
        this(db, store, new FunctionProgress());
    }

    /** Reports what each running function has done so far to {@code progress}. */
    public LocalFunctionRunner(DuckDb db, LocalObjectStore store, FunctionProgress progress) {
        this.executor = new FunctionExecutor(store, task -> new Engine(db, db.connect(), progress, task.function().name()),
                store.root().resolve(WORK_DIR));
    }

    @Override
    public FunctionOutcome run(FunctionTask task) {
        return executor.run(task);
    }

    /** DuckDB as the executor's engine: one connection per function run. */
    private record Engine(DuckDb db, Connection connection, FunctionProgress progress, String function) implements SourceEngine {

        @Override
        public Query query(String sql) {
            return new Query(JdbcSourceRows.run(connection, sql), Optional.empty());
        }

        @Override
        public Export export(String sql, Path target, Consumer<List<String>> columns) {
            try {
                columns.accept(DuckDb.describe(connection, sql).stream().map(DuckDb.Column::name).toList());
                long rows = db.copyToParquet(connection, sql, target, percent -> progress.scanning(function, percent));
                return new Export(rows, true, Optional.empty());
            } catch (SQLException e) {
                throw new Failure(e.getMessage(), e);
            }
        }

        @Override
        public void writing(LongSupplier rowsWritten) {
            progress.writing(function, rowsWritten);
        }

        @Override
        public void close() {
            progress.done(function);
            try {
                connection.close();
            } catch (SQLException e) {
                throw new Failure("Cannot close a DuckDB connection: " + e.getMessage(), e);
            }
        }
    }
}
