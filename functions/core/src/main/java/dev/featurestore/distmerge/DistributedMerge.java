package dev.featurestore.distmerge;

import dev.featurestore.calculate.DistributedMerging;
import dev.featurestore.calculate.MergedVersion;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.storage.ObjectStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of a distributed merge where one process drives it (locally; on AWS the state machine is the
 * coordinator): plans the run's merge, and when {@link MergeChoice} distributes it, writes the plan, runs the
 * partition tasks, then the join tasks, on the runner, and collects the result with {@link MergeFinalizer}. A
 * failed task fails the run; the calculation then deletes the run's staging (bucket objects, results) and
 * the unpublished version's files.
 */
public final class DistributedMerge implements DistributedMerging {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedMerge.class);

    private final ObjectStore store;
    private final MergeChoice choice;
    private final TaskSizing sizing;
    private final MergeTaskRunner runner;
    private final MergeStatistics.Factory statistics;

    public DistributedMerge(ObjectStore store, MergeChoice choice, TaskSizing sizing, MergeTaskRunner runner,
                            MergeStatistics.Factory statistics) {
        this.store = store;
        this.choice = choice;
        this.sizing = sizing;
        this.runner = runner;
        this.statistics = statistics;
    }

    @Override
    public Optional<MergedVersion> merge(RunPlan run, ResolvedGroup group, Path workDir) {
        if (choice.mode() == MergeChoice.Mode.SINGLE) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        MergeTaskPlanner planner = new MergeTaskPlanner(store, sizing);
        MergeTaskPlan plan;
        try {
            plan = planner.plan(new MergeTaskPlanner.Run(run.group(), run.org(), run.runId(), run.version(), run.functions()),
                    group.fields(), workDir);
        } catch (FeatureStoreException e) {
            if (choice.mode() == MergeChoice.Mode.DISTRIBUTED) {
                throw e;
            }
            // the single-machine merge validates the same way first and reports it as every merge does
            LOG.info("merge on this machine run={}: the partials did not plan ({})", run.runId(), e.getMessage());
            return Optional.empty();
        }
        if (!choice.distribute(plan.rows(), group.fields().fields().size())) {
            LOG.info("merge on this machine run={} rows={} cells={} ceiling={}", run.runId(), plan.rows(),
                    MergeChoice.cells(plan.rows(), group.fields().fields().size()), choice.ceilingCells());
            return Optional.empty();
        }
        planner.write(plan);
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("plan_merge", ms(t0));
        long t1 = System.nanoTime();
        runner.run(plan, MergeTaskRunner.Phase.PARTITION);
        timings.put("partition", ms(t1));
        long t2 = System.nanoTime();
        runner.run(plan, MergeTaskRunner.Phase.JOIN);
        timings.put("join", ms(t2));
        return Optional.of(new MergeFinalizer(store, statistics, workDir).collect(plan, timings));
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
