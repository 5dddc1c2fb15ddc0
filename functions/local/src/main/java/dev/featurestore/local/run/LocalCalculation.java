package dev.featurestore.local.run;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.SourceFingerprints;
import dev.featurestore.version.CodeVersions;
import dev.featurestore.version.Lineage;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.LocalProcessOwner;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.distmerge.DistributedMerge;
import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.TaskSizing;
import dev.featurestore.local.merge.ProcessTaskRunner;
import dev.featurestore.merge.Merger;
import dev.featurestore.version.ManifestStats;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;
import java.time.Duration;

/**
 * Calculates a group for one org in local mode: core's {@link Calculation} with the local ports (the lake
 * directory, the JSON catalog, DuckDB/Java functions in a thread pool).
 */
public final class LocalCalculation {

    /** Hears about the steps of a calculation (for the CLI's progress display). */
    public interface Progress {
        /** {@code functions} tells, while they run, what each running function has done so far. */
        default void started(ResolvedGroup group, int functions, FunctionProgress running) {
        }

        default void functionFinished(FunctionOutcome outcome) {
        }

        default void merging() {
        }

        default void rowsMerged(long rows) {
        }

        Progress NONE = new Progress() {
        };
    }

    /** What a calculation published. */
    public record Result(Manifest manifest, Duration elapsed) {
    }

    private final LocalObjectStore store;
    private final JsonCatalog catalog;
    private final DuckDb db;
    private final VersionIds ids;
    private final int threads;

    private final Lineage.CodeVersion code;
    private final SourceFingerprints sources;
    private MergeChoice mergeChoice = MergeChoice.DEFAULT;
    private TaskSizing taskSizing = TaskSizing.LAMBDA;

    public LocalCalculation(LocalObjectStore store, JsonCatalog catalog, DuckDb db, VersionIds ids, int threads) {
        this(store, catalog, db, ids, threads, CodeVersions.of(LocalCalculation.class), SourceFingerprints.NONE);
    }

    /** With the code that runs and how to fingerprint the sources, for versions' lineage. */
    public LocalCalculation(LocalObjectStore store, JsonCatalog catalog, DuckDb db, VersionIds ids, int threads,
                            Lineage.CodeVersion code, SourceFingerprints sources) {
        this.store = store;
        this.catalog = catalog;
        this.db = db;
        this.ids = ids;
        this.threads = threads;
        this.code = code;
        this.sources = sources;
    }

    /**
     * How the merge runs: on this machine, or distributed over worker processes (each task a JVM over the lake,
     * as Lambda tasks over S3), chosen by planned size unless forced; {@code sizing} cuts the tasks.
     */
    public LocalCalculation merge(MergeChoice choice, TaskSizing sizing) {
        this.mergeChoice = choice;
        this.taskSizing = sizing;
        return this;
    }

    public Result calculate(GroupConfig config, String org, Progress progress) {
        return calculate(config.forOrg(org), config.retainVersions(), progress);
    }

    /** Calculates an already resolved group (e.g. one rebuilt from a version's lineage), keeping {@code retainVersions}. */
    public Result calculate(ResolvedGroup group, int retainVersions, Progress progress) {
        return plan(group, retainVersions, progress).finish();
    }

    /**
     * Plans a run (ids, run lock, RUNNING record: a run already holding the lock is a {@code ConflictException}
     * here) without running it; {@link Planned#finish()} runs it. {@code serve} answers with the run id in between.
     */
    public Planned plan(GroupConfig config, String org, Progress progress) {
        return plan(config.forOrg(org), config.retainVersions(), progress);
    }

    private Planned plan(ResolvedGroup group, int retainVersions, Progress progress) {
        long start = System.nanoTime();
        java.nio.file.Path workDir = store.root().resolve(".work"); // LocalRuntime.workDir()
        Calculation calculation = Calculation.builder(store, catalog, Merger::merge)
                .versions(new VersionStore(store, ids.clock(), VersionStore.DEFAULT_LOCK_TTL, LocalProcessOwner.current()))
                .ids(ids)
                .threads(threads)
                .workDir(workDir)
                .distributedMerging(new DistributedMerge(store, mergeChoice, taskSizing,
                        new ProcessTaskRunner(store, workDir.resolve("merge-tasks"), threads), ManifestStats.COLLECTED))
                .retainVersions(retainVersions)
                .code(code)
                .sources(sources)
                .listener(new Calculation.Listener() {
                    @Override
                    public void functionFinished(FunctionOutcome outcome) {
                        progress.functionFinished(outcome);
                    }

                    @Override
                    public void merging(int partials) {
                        progress.merging();
                    }

                    @Override
                    public void rowsMerged(long rows) {
                        progress.rowsMerged(rows);
                    }
                })
                .build();
        RunPlan plan = calculation.plan(group);
        return new Planned(plan, () -> {
            FunctionProgress running = new FunctionProgress();
            progress.started(group, group.functions().size(), running);
            Manifest manifest = calculation.run(plan, group, new LocalFunctionRunner(db, store, running));
            return new Result(manifest, Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** A planned run: its ids are allocated and it holds the run lock; {@link #finish()} calculates and publishes. */
    public static final class Planned {
        private final RunPlan plan;
        private final java.util.function.Supplier<Result> finish;

        Planned(RunPlan plan, java.util.function.Supplier<Result> finish) {
            this.plan = plan;
            this.finish = finish;
        }

        public RunPlan plan() {
            return plan;
        }

        /** Runs the functions, merges and publishes; a failure is recorded on the run and rethrown. */
        public Result finish() {
            return finish.get();
        }
    }
}
