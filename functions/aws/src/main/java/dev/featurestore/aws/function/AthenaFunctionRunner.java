package dev.featurestore.aws.function;

import dev.featurestore.aws.athena.AthenaEngine;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.error.ConfigException;
import dev.featurestore.config.FeatureFunctions;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.function.FeatureFunction;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one feature function on AWS and leaves its partial at the task's staging key. A SQL function is an
 * Athena {@code UNLOAD} straight to S3 (no rows pass through the Lambda); its Parquet parts are then joined
 * into the one partial file by copying row groups, without decoding. A Java function gets a context whose
 * {@code query()} runs on Athena and writes its partial locally, then uploads it.
 */
public final class AthenaFunctionRunner implements FunctionRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AthenaFunctionRunner.class);

    private final ObjectStore store;
    private final Function<String, AthenaEngine> sourceEngine;
    private final Path workDir;

    public AthenaFunctionRunner(ObjectStore store, Function<String, AthenaEngine> sourceEngine, Path workDir) {
        this.store = store;
        this.sourceEngine = sourceEngine;
        this.workDir = workDir;
    }

    /** Where Athena unloads a SQL function's parts before they become its partial. */
    public static String unloadPrefix(FunctionTask task) {
        return Layout.stagingRun(task.group().group(), task.group().org(), task.runId()) + "unload/" + task.function().name() + "/";
    }

    @Override
    public FunctionOutcome run(FunctionTask task) {
        // a warm Lambda keeps /tmp: remove what invocations killed mid-way (timeouts) left; file times are the system clock's
        ScratchDir.removeStale(workDir, java.time.Clock.systemUTC(), WORK_DIR_PREFIX);
        long start = System.nanoTime();
        try (ScratchDir scratch = ScratchDir.create(workDir.resolve(WORK_DIR_PREFIX + task.runId() + "-" + task.function().name()))) {
            Path dir = scratch.path();
            FunctionOutcome outcome = switch (task.function()) {
                case FunctionSpec.Sql sql -> runSql(task, sql, dir, start);
                case FunctionSpec.Java java -> runJava(task, java, dir, start);
            };
            LOG.info("partial written group={} org={} run={} function={} rows={} key={}", task.group().group(), task.group().org(),
                    task.runId(), task.function().name(), outcome.rows(), task.partialKey());
            return outcome;
        } catch (IOException e) {
            throw new DataException("Cannot write the partial of function '" + task.function().name() + "': " + e.getMessage(), e);
        }
    }

    /** A function's work directory under the work dir: Athena's unloaded parts, the partial before upload. */
    static final String WORK_DIR_PREFIX = "calc-";

    private FunctionOutcome runSql(FunctionTask task, FunctionSpec.Sql fn, Path dir, long start) throws IOException {
        ResolvedGroup group = task.group();
        String select = stripTrailingSemicolon(fn.sql());
        String prefix = unloadPrefix(task);
        store.deletePrefix(prefix); // a retried invocation: Athena refuses to UNLOAD into a non-empty prefix
        AthenaEngine.Completed done = sourceEngine.apply(group.org()).unload(select, store.uri(prefix));
        List<Path> parts = new ArrayList<>();
        for (String key : store.list(prefix)) {
            if (key.endsWith("/") || key.substring(key.lastIndexOf('/') + 1).startsWith(".")) {
                continue;
            }
            Path part = dir.resolve("part-" + parts.size() + ".parquet");
            store.download(key, part);
            parts.add(part);
        }
        Path partial = dir.resolve(fn.name() + ".parquet");
        long rows;
        if (parts.isEmpty()) {
            // Athena writes no file for an empty result: the partial still needs its columns
            Schema fields = sqlFields(group, fn);
            try (ParquetPartialWriter writer = ParquetPartialWriter.create(partial, fields)) {
                rows = 0;
            }
        } else {
            ParquetParts.checkColumns(parts.get(0), group, fn);
            rows = ParquetParts.concat(parts, partial);
        }
        store.putFile(task.partialKey(), partial);
        store.deletePrefix(prefix);
        return new FunctionOutcome(fn.name(), rows, (System.nanoTime() - start) / 1_000_000, List.of(select), List.of(done.queryId()));
    }

    private FunctionOutcome runJava(FunctionTask task, FunctionSpec.Java fn, Path dir, long start) throws IOException {
        ResolvedGroup group = task.group();
        FeatureFunction function = instantiate(fn);
        Schema schema = fieldsOf(group, fn, function.fields());
        Path partial = dir.resolve(fn.name() + ".parquet");
        List<String> queries = new ArrayList<>();
        List<String> queryIds = new ArrayList<>();
        long rows;
        try (ParquetPartialWriter writer = ParquetPartialWriter.create(partial, schema)) {
            AthenaFunctionContext context = new AthenaFunctionContext(group.group(), group.org(), task.runId(), group.params(), schema,
                    sourceEngine.apply(group.org()), writer, queries, queryIds);
            try {
                function.compute(context);
            } catch (FeatureStoreException e) {
                throw e;
            } catch (Exception e) {
                throw new DataException("Cannot run function '" + fn.name() + "' (" + fn.className() + ") for org '" + group.org()
                        + "': " + e, e);
            }
            rows = writer.rowsWritten();
        }
        store.putFile(task.partialKey(), partial);
        return new FunctionOutcome(fn.name(), rows, (System.nanoTime() - start) / 1_000_000, queries, queryIds);
    }

    private static FeatureFunction instantiate(FunctionSpec.Java fn) {
        try {
            return FeatureFunctions.instantiate(fn.className());
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

    static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
