package dev.featurestore.aws.function;

import dev.featurestore.aws.athena.AthenaEngine;
import dev.featurestore.calculate.FunctionExecutor;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.calculate.SourceEngine;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.version.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one feature function on AWS (the Calculate Lambda): {@link FunctionExecutor} over Athena. A SQL
 * function is an Athena {@code UNLOAD} to a staging prefix whose Parquet parts are joined into the partial; a
 * Java function's source queries run on Athena.
 */
public final class AthenaFunctionRunner implements FunctionRunner {
    /** A function's work directory under the work dir: Athena's unloaded parts, the partial before upload. */
    static final String WORK_DIR_PREFIX = FunctionExecutor.WORK_DIR_PREFIX;

    private final FunctionExecutor executor;
    private final Path workDir;

    public AthenaFunctionRunner(ObjectStore store, Function<String, AthenaEngine> sourceEngine, Path workDir) {
        this.executor = new FunctionExecutor(store, task -> new Engine(store, sourceEngine.apply(task.group().org()), unloadPrefix(task)), workDir);
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
        return executor.run(task);
    }

    /** Athena as the executor's engine: queries by id, exports by UNLOAD. */
    private record Engine(ObjectStore store, AthenaEngine athena, String prefix) implements SourceEngine {

        @Override
        public Query query(String sql) {
            String id = athena.start(sql);
            return new Query(athena.rows(id), Optional.of(id));
        }

        @Override
        public Export export(String sql, Path target, Consumer<List<String>> columns) {
            store.deletePrefix(prefix); // a retried invocation: Athena refuses to UNLOAD into a non-empty prefix
            AthenaEngine.Completed done = athena.unload(sql, store.uri(prefix));
            List<Path> parts = new ArrayList<>();
            for (String key : store.list(prefix)) {
                if (key.endsWith("/") || key.substring(key.lastIndexOf('/') + 1).startsWith(".")) {
                    continue;
                }
                Path part = target.resolveSibling("part-" + parts.size() + ".parquet");
                store.download(key, part);
                parts.add(part);
            }
            if (parts.isEmpty()) {
                return new Export(0, false, Optional.of(done.queryId())); // Athena writes no file for an empty result
            }
            try {
                columns.accept(ParquetParts.columns(parts.get(0)));
                long rows = ParquetParts.concat(parts, target);
                store.deletePrefix(prefix);
                return new Export(rows, true, Optional.of(done.queryId()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot join the UNLOAD parts of " + prefix + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // Athena holds nothing per function run
        }
    }
}
