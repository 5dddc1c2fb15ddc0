package dev.featurestore.calculate;

import dev.featurestore.config.FeatureFunctionLoader;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.function.FeatureFunction;
import dev.featurestore.function.SqlParams;
import dev.featurestore.function.SqlText;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one feature function for one org on either runtime and stores its partial at the task's key. A SQL
 * function's result is exported by the engine, after its columns are checked against the contract (an
 * {@code id} column plus fields the group declares for the org); a Java function's class is loaded, its
 * fields checked, and it writes through a {@link ParquetPartialWriter} that is aborted when it fails. Only the
 * {@link SourceEngine} differs between runtimes (DuckDB, Athena).
 */
public final class FunctionExecutor implements FunctionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionExecutor.class);

    /** A function's work directory under the work dir: the partial before it is stored (and Athena's parts). */
    public static final String WORK_DIR_PREFIX = "calc-";

    private final ObjectStore store;
    private final Function<FunctionTask, SourceEngine> engines;
    private final Path workDir;

    /**
     * @param engines opens the engine for one task (closed after it)
     * @param workDir where partials are written before they are stored (each run of a function in its own folder)
     */
    public FunctionExecutor(ObjectStore store, Function<FunctionTask, SourceEngine> engines, Path workDir) {
        this.store = store;
        this.engines = engines;
        this.workDir = workDir;
    }

    @Override
    public FunctionOutcome run(FunctionTask task) {
        FunctionSpec fn = task.function();
        long start = System.nanoTime();
        try (ScratchDir scratch = ScratchDir.create(workDir.resolve(WORK_DIR_PREFIX + task.runId() + "-" + task.group().org() + "-" + fn.name()));
             SourceEngine engine = engines.apply(task)) {
            Path dir = scratch.path();
            Path partial = dir.resolve(fn.name() + ".parquet");
            List<String> queries = new ArrayList<>();
            List<String> queryIds = new ArrayList<>();
            long rows = switch (fn) {
                case FunctionSpec.Sql sql -> runSql(task.group(), sql, engine, partial, queries, queryIds);
                case FunctionSpec.Java java -> runJava(task, java, engine, partial, queries, queryIds);
            };
            store.putFile(task.partialKey(), partial);
            LOG.info("partial written group={} org={} run={} function={} rows={} key={}", task.group().group(), task.group().org(),
                    task.runId(), fn.name(), rows, task.partialKey());
            return new FunctionOutcome(fn.name(), rows, (System.nanoTime() - start) / 1_000_000, queries, queryIds);
        } catch (IOException e) {
            throw new DataException("Cannot write the partial of function '" + fn.name() + "': " + e.getMessage(), e);
        }
    }

    private long runSql(ResolvedGroup group, FunctionSpec.Sql fn, SourceEngine engine, Path partial, List<String> queries,
                        List<String> queryIds) {
        String select = SqlParams.bind(SqlText.bare(fn.sql()), group.params(),
                "SQL function '" + fn.name() + "' (" + fn.path() + ") for org '" + group.org() + "'");
        queries.add(select);
        SourceEngine.Export export;
        try {
            export = engine.export(select, partial, columns -> checkColumns(group, fn, columns));
        } catch (SourceEngine.Failure e) {
            throw new DataException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + ") for org '" + group.org()
                    + "': " + e.getMessage(), e);
        }
        export.queryId().ifPresent(queryIds::add);
        if (!export.written()) {
            // an engine that writes no file for an empty result (Athena): the partial still needs its columns
            try (ParquetPartialWriter writer = ParquetPartialWriter.create(partial, sqlFields(group, fn))) {
                return 0;
            }
        }
        return export.rows();
    }

    /** The columns of a SQL function must be {@code id} plus fields the group declares for the org. */
    static void checkColumns(ResolvedGroup group, FunctionSpec.Sql fn, List<String> columns) {
        if (!columns.contains(Schema.ID)) {
            throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns no 'id' column"
                    + " (select the entity key AS id)");
        }
        for (String col : columns) {
            if (!col.equals(Schema.ID) && !group.fields().contains(col)) {
                throw new ConfigException("Cannot run SQL function '" + fn.name() + "' (" + fn.path() + "): it returns column '" + col
                        + "', which group '" + group.group() + "' does not declare for org '" + group.org()
                        + "' (declare it under fields:, or drop it)");
            }
        }
    }

    private long runJava(FunctionTask task, FunctionSpec.Java fn, SourceEngine engine, Path partial, List<String> queries,
                         List<String> queryIds) {
        ResolvedGroup group = task.group();
        FeatureFunction function = instantiate(fn);
        Schema schema = fieldsOf(group, fn, function.fields());
        ParquetPartialWriter writer = ParquetPartialWriter.create(partial, schema);
        engine.writing(writer::rowsWritten);
        ExecutorContext context = new ExecutorContext(group.group(), group.org(), task.runId(), group.params(), schema, engine,
                writer, queries, queryIds);
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
    }

    private static FeatureFunction instantiate(FunctionSpec.Java fn) {
        try {
            return FeatureFunctionLoader.instantiate(fn.className());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Cannot run function '" + fn.name() + "': " + e.getMessage(), e);
        }
    }

    private static Schema fieldsOf(ResolvedGroup group, FunctionSpec fn, List<String> names) {
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            fields.add(group.fields().field(name).orElseThrow(() -> new ConfigException("Cannot run function '" + fn.name()
                    + "': it produces '" + name + "', which group '" + group.group() + "' does not declare for org '"
                    + group.org() + "' (declare it under fields:)")));
        }
        return new Schema(fields);
    }

    /**
     * The fields of a SQL function without running it: those it declares ({@code fields: [...]}), else every
     * group field no other function produces (config validation guarantees each field has one producer).
     */
    static Schema sqlFields(ResolvedGroup group, FunctionSpec.Sql fn) {
        if (fn.declaredFields().isPresent()) {
            return fieldsOf(group, fn, fn.declaredFields().get());
        }
        Set<String> others = new LinkedHashSet<>();
        for (FunctionSpec other : group.functions()) {
            if (other.name().equals(fn.name())) {
                continue;
            }
            switch (other) {
                case FunctionSpec.Java j -> others.addAll(j.declaredFields().orElseGet(() -> instantiate(j).fields()));
                case FunctionSpec.Sql s -> others.addAll(s.declaredFields().orElseThrow(() -> new ConfigException(
                        "Cannot tell the columns of SQL function '" + fn.name() + "' from those of '" + s.name()
                                + "' (list them with fields: [...] on each SQL function of group '" + group.group() + "')")));
            }
        }
        return new Schema(group.fields().fields().stream().filter(f -> !others.contains(f.name())).toList());
    }
}
