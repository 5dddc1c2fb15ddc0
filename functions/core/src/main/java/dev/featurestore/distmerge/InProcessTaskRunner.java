package dev.featurestore.distmerge;

import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a phase's tasks on threads of this process, over the same store the tasks would use in other processes. */
public final class InProcessTaskRunner implements MergeTaskRunner {
    private final ObjectStore store;
    private final Path workDir;
    private final MergeStatistics.Factory statistics;
    private final int threads;

    public InProcessTaskRunner(ObjectStore store, Path workDir, MergeStatistics.Factory statistics, int threads) {
        this.store = store;
        this.workDir = workDir;
        this.statistics = statistics;
        this.threads = Math.max(1, threads);
    }

    @Override
    public void run(MergeTaskPlan plan, Phase phase) {
        int tasks = phase == Phase.PARTITION ? plan.partitionTasks().size() : plan.joinTasks().size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int task = t;
                futures.add(pool.submit(() -> phase == Phase.PARTITION
                        ? new PartitionTaskRun(store, workDir).run(plan, task)
                        : new JoinTaskRun(store, workDir, statistics).run(plan, task)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof FeatureStoreException fse) {
                        throw fse;
                    }
                    throw new StorageException("Cannot run the " + phase.name().toLowerCase(java.util.Locale.ROOT) + " tasks of run "
                            + plan.runId() + ": " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("Cannot run the merge tasks of run " + plan.runId() + ": interrupted", e);
                }
            }
        } finally {
            // interrupt what still runs after a failure, then wait for it: a task finishing after run() returned
            // would write its result into staging the caller has already cleaned up
            pool.shutdownNow();
            pool.close();
        }
    }
}
