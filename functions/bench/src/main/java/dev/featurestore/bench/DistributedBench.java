package dev.featurestore.bench;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.distmerge.DistributedMerge;
import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.TaskSizing;
import dev.featurestore.function.Params;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.merge.ProcessTaskRunner;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.merge.Merger;
import dev.featurestore.types.Field;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The single-machine merge against the distributed merge in worker processes (docs/benchmarks.md):
 * {@code DistributedBench DATA_DIR LAKE_DIR single|distributed [TASK_ROWS] [WORKERS]}. Runs a whole calculation
 * over the workload's four partials (functions that only store the generated partials) into a lake at LAKE_DIR,
 * statistics and checksum on, and prints the manifest's step timings, rows and content checksum. Run it under
 * {@code /usr/bin/time -v}: the worker processes' CPU is counted with their parent's.
 */
public final class DistributedBench {

    private DistributedBench() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        LocalObjectStore store = LocalObjectStore.create(Path.of(args[1]).toAbsolutePath().normalize());
        MergeChoice.Mode mode = MergeChoice.mode(args[2]);
        long taskRows = args.length > 3 ? Long.parseLong(args[3]) : TaskSizing.LAMBDA.rowsPerPartitionTask();
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        List<FunctionSpec> functions = new ArrayList<>();
        for (int p = 0; p < Workload.PARTIALS.size(); p++) {
            functions.add(new FunctionSpec.Java("p" + (p + 1), "bench.P" + (p + 1),
                    Optional.of(Workload.PARTIALS.get(p).fields().stream().map(Field::name).toList())));
        }
        ResolvedGroup group = new ResolvedGroup("bench", "acme", Workload.OUTPUT, functions, Params.empty(), DriftSettings.DEFAULT);
        Path work = store.root().resolve(".work");
        Calculation calculation = Calculation.builder(store, new JsonCatalog(store), Merger::merge)
                .workDir(work).threads(workers).codeVersion("bench").statistics(ManifestStats.COLLECTED)
                .distributedMerging(new DistributedMerge(store, new MergeChoice(mode, MergeChoice.LAMBDA_CEILING_CELLS),
                        new TaskSizing(taskRows, taskRows), new ProcessTaskRunner(store, work.resolve("merge-tasks"), workers),
                        ManifestStats.COLLECTED))
                .build();
        long start = System.nanoTime();
        Manifest m = calculation.run(group, task -> {
            store.putFile(task.partialKey(), data.resolve(task.function().name() + ".parquet"));
            return new FunctionOutcome(task.function().name(), 0, 0, List.of(), List.of());
        });
        long bytes = m.files().stream().mapToLong(Manifest.DataFile::bytes).sum();
        System.out.printf("%s: %,d rows, %d files, %,d bytes, checksum %s, calculation %.1f s, steps %s%n", mode, m.rowCount(),
                m.files().size(), bytes, m.contentChecksum(), (System.nanoTime() - start) / 1e9, m.timingsMs());
    }
}
