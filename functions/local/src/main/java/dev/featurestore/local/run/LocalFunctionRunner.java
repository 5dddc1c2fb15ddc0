package dev.featurestore.local.run;

import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.config.FeatureFunctions;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.function.FeatureFunction;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one feature function for one org on this machine (the calculation calls it from its thread pool):
 * a SQL function is a DuckDB {@code COPY (<sql>) TO '<partial>'} over the source views, a Java function gets
 * a {@link dev.featurestore.function.FunctionContext} whose queries run on DuckDB. The partial appears at
 * its key in the lake atomically (written aside, then moved).
 */
public final class LocalFunctionRunner implements FunctionRunner {

    private final DuckDb db;
    private final LocalObjectStore store;
    private final FunctionProgress progress;

    public LocalFunctionRunner(DuckDb db, LocalObjectStore store) {
        this(db, store, new FunctionProgress());
    }

    /** Reports what each running function has done so far to {@code progress}. */
    public LocalFunctionRunner(DuckDb db, LocalObjectStore store, FunctionProgress progress) {
        this.db = db;
        this.store = store;
        this.progress = progress;
    }

    @Override
    public FunctionOutcome run(FunctionTask task) {
        Path target = store.path(task.partialKey());
        Path temp = target.resolveSibling(".tmp-" + target.getFileName());
        long start = System.nanoTime();
        List<String> queries = new ArrayList<>();
        try {
            Files.createDirectories(target.getParent());
            long rows = write(task.group(), task.function(), task.runId(), temp, queries);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new FunctionOutcome(task.function().name(), rows, (System.nanoTime() - start) / 1_000_000, queries, List.of());
        } catch (IOException e) {
            throw new DataException("Cannot write the partial of function '" + task.function().name() + "' to " + target + ": " + e, e);
        } finally {
            progress.done(task.function().name());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file is not listed and is removed with the staging run
            }
        }
    }

    /** Runs one function and writes its partial to {@code target}; returns the rows written. */
    public long write(ResolvedGroup group, FunctionSpec fn, String runId, Path target, List<String> queries) {
        return switch (fn) {
            case FunctionSpec.Sql sql -> runSql(group, sql, target, queries);
            case FunctionSpec.Java java -> runJava(group, java, runId, target, queries);
        };
    }

    private long runSql(ResolvedGroup group, FunctionSpec.Sql fn, Path target, List<String> queries) {
        String select = stripTrailingSemicolon(fn.sql());
        queries.add(select);
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
            return db.copyToParquet(c, select, target, percent -> progress.scanning(fn.name(), percent));
        } catch (SQLException e) {
            throw new DataException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + ") for org '" + group.org()
                    + "': " + e.getMessage(), e);
        }
    }

    private long runJava(ResolvedGroup group, FunctionSpec.Java fn, String runId, Path target, List<String> queries) {
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
        try (Connection c = db.connect()) {
            ParquetPartialWriter writer = ParquetPartialWriter.create(target, schema);
            progress.writing(fn.name(), writer::rowsWritten);
            LocalFunctionContext context = new LocalFunctionContext(group.group(), group.org(), runId, group.params(), schema, c,
                    writer, queries);
            try {
                function.compute(context);
            } catch (FeatureStoreException e) {
                writer.abort();
                throw e;
            } catch (Exception e) {
                writer.abort();
                throw new DataException("Cannot run function '" + fn.name() + "' (" + fn.className() + ") for org '" + group.org()
                        + "': " + e, e);
            }
            writer.close();
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
