package dev.featurestore.calculate;

import dev.featurestore.function.SourceRows;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The engine a feature function's SQL runs on, opened for one function run and closed after it: DuckDB over
 * the sample sources locally, Athena on AWS. {@link FunctionExecutor} does everything else.
 */
public interface SourceEngine extends AutoCloseable {

    /** Runs a SELECT over the source tables; the caller closes the rows. */
    Query query(String sql);

    /**
     * Runs a SELECT and writes its whole result as one Parquet file at {@code target}, or writes nothing when
     * the result is empty and the engine writes no file for it ({@link Export#rows()} 0, no file).
     * {@code columns} is called with the result's column names as soon as the engine knows them — before
     * anything runs when it can tell (it throws to stop the export).
     */
    Export export(String sql, Path target, Consumer<List<String>> columns);

    /** A Java function's partial is being written: {@code rowsWritten} reads its rows so far (for progress displays). */
    default void writing(LongSupplier rowsWritten) {
    }

    @Override
    void close();

    /** A query's rows and the engine's id for it (Athena's query execution id), when it has one. */
    record Query(SourceRows rows, Optional<String> queryId) {
    }

    /** What an export wrote: rows (0 and no file for an empty result when {@code written} is false). */
    record Export(long rows, boolean written, Optional<String> queryId) {
    }

    /**
     * The engine could not run the SQL (a syntax error, a missing table): its message, without the function's
     * name, which the executor adds.
     */
    final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
