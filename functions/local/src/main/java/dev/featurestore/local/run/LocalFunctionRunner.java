package dev.featurestore.local.run;

import dev.featurestore.config.FeatureFunctions;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.function.FeatureFunction;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a group's feature functions for one org on this machine, in a thread pool: a SQL function is a
 * DuckDB {@code COPY (<sql>) TO '<partial>'} over the source views, a Java function gets a
 * {@link dev.featurestore.function.FunctionContext} whose queries run on DuckDB.
 */
public final class LocalFunctionRunner {

    /** Hears about functions as they finish (called from pool threads). */
    @FunctionalInterface
    public interface Listener {
        void finished(FunctionResult result);

        Listener NONE = r -> { };
    }

    /** One function's partial: where, how many rows, how long. */
    public record FunctionResult(String function, Path partial, long rows, Duration elapsed) {
    }

    private final DuckDb db;

    public LocalFunctionRunner(DuckDb db) {
        this.db = db;
    }

    /** Runs every function of the group in parallel; the partials land in {@code stagingDir/<function>.parquet}. */
    public List<FunctionResult> runAll(ResolvedGroup group, String runId, Path stagingDir, int threads, Listener listener) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, group.functions().size())),
                Thread.ofPlatform().name("function-", 0).daemon().factory());
        try {
            List<Future<FunctionResult>> futures = new ArrayList<>();
            for (FunctionSpec fn : group.functions()) {
                futures.add(pool.submit(() -> {
                    FunctionResult r = run(group, fn, runId, stagingDir.resolve(fn.name() + ".parquet"));
                    listener.finished(r);
                    return r;
                }));
            }
            List<FunctionResult> results = new ArrayList<>();
            for (Future<FunctionResult> f : futures) {
                results.add(await(f));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static FunctionResult await(Future<FunctionResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("Cannot finish the run: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FeatureStoreException fse) {
                throw fse;
            }
            throw new DataException("Cannot run a feature function: " + e.getCause(), e.getCause());
        }
    }

    /** Runs one function and writes its partial to {@code target}. */
    public FunctionResult run(ResolvedGroup group, FunctionSpec fn, String runId, Path target) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(target.getParent());
        } catch (java.io.IOException e) {
            throw new DataException("Cannot create the staging directory " + target.getParent() + ": " + e.getMessage(), e);
        }
        long rows = switch (fn) {
            case FunctionSpec.Sql sql -> runSql(group, sql, target);
            case FunctionSpec.Java java -> runJava(group, java, runId, target);
        };
        return new FunctionResult(fn.name(), target, rows, Duration.ofNanos(System.nanoTime() - start));
    }

    private long runSql(ResolvedGroup group, FunctionSpec.Sql fn, Path target) {
        String select = stripTrailingSemicolon(fn.sql());
        try (Connection c = db.connect()) {
            List<String> columns = DuckDb.describe(c, select).stream().map(DuckDb.Column::name).toList();
            if (!columns.contains(Schema.ID)) {
                throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns no 'id' column"
                        + " (select the entity key AS id)");
            }
            for (String col : columns) {
                if (!col.equals(Schema.ID) && !group.fields().contains(col)) {
                    throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns column '" + col
                            + "', which group '" + group.group() + "' does not declare for org '" + group.org() + "' (declare it under fields:, or drop it)");
                }
            }
            return db.copyToParquet(c, select, target);
        } catch (SQLException e) {
            throw new DataException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + ") for org '" + group.org()
                    + "': " + e.getMessage(), e);
        }
    }

    private long runJava(ResolvedGroup group, FunctionSpec.Java fn, String runId, Path target) {
        FeatureFunction function;
        try {
            function = FeatureFunctions.instantiate(fn.className());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Cannot run function '" + fn.name() + "': " + e.getMessage(), e);
        }
        List<Field> fields = new ArrayList<>();
        for (String name : function.fields()) {
            fields.add(group.fields().field(name).orElseThrow(() -> new ConfigException("Cannot run function '" + fn.name()
                    + "': it produces '" + name + "', which group '" + group.group() + "' does not declare for org '"
                    + group.org() + "' (declare it under fields:)")));
        }
        Schema schema = new Schema(fields);
        try (Connection c = db.connect(); DuckDbPartialWriter writer = new DuckDbPartialWriter(fn.name(), schema, c)) {
            LocalFunctionContext context = new LocalFunctionContext(group.group(), group.org(), runId, group.params(), schema, c, writer);
            try {
                function.compute(context);
            } catch (FeatureStoreException e) {
                throw e;
            } catch (Exception e) {
                throw new DataException("Cannot run function '" + fn.name() + "' (" + fn.className() + ") for org '" + group.org()
                        + "': " + e, e);
            }
            writer.finish(target);
            return writer.rowsWritten();
        } catch (SQLException e) {
            throw new DataException("Cannot run function '" + fn.name() + "': " + e.getMessage(), e);
        }
    }

    static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
