package dev.featurestore.local.run;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.merge.Merger;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionIds;
import java.time.Duration;

/**
 * Calculates a group for one org in local mode: core's {@link Calculation} with the local ports (the lake
 * directory, the JSON catalog, DuckDB/Java functions in a thread pool).
 */
public final class LocalCalculation {

    /** Hears about the steps of a calculation (for the CLI's progress display). */
    public interface Progress {
        default void started(ResolvedGroup group, int functions) {
        }

        default void functionFinished(FunctionOutcome outcome) {
        }

        default void merging() {
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

    public LocalCalculation(LocalObjectStore store, JsonCatalog catalog, DuckDb db, VersionIds ids, int threads) {
        this.store = store;
        this.catalog = catalog;
        this.db = db;
        this.ids = ids;
        this.threads = threads;
    }

    public Result calculate(GroupConfig config, String org, Progress progress) {
        return plan(config, org, progress).finish();
    }

    /**
     * Plans a run (ids, run lock, RUNNING record: a run already holding the lock is a {@code ConflictException}
     * here) without running it; {@link Planned#finish()} runs it. {@code serve} answers with the run id in between.
     */
    public Planned plan(GroupConfig config, String org, Progress progress) {
        long start = System.nanoTime();
        ResolvedGroup group = config.forOrg(org);
        Calculation calculation = Calculation.builder(store, catalog, Merger::merge)
                .ids(ids)
                .threads(threads)
                .workDir(store.root().resolve(".work"))
                .retainVersions(config.retainVersions())
                .listener(new Calculation.Listener() {
                    @Override
                    public void functionFinished(FunctionOutcome outcome) {
                        progress.functionFinished(outcome);
                    }

                    @Override
                    public void merging(int partials) {
                        progress.merging();
                    }
                })
                .build();
        RunPlan plan = calculation.plan(group);
        return new Planned(plan, () -> {
            progress.started(group, group.functions().size());
            Manifest manifest = calculation.run(plan, group, new LocalFunctionRunner(db, store));
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
