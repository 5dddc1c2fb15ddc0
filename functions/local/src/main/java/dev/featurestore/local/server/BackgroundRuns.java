package dev.featurestore.local.server;

import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.DataException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.run.RunState;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calculation runs {@code serve} starts for {@code POST /groups/{group}/runs}: planned on the request's thread
 * (so a run already holding the lock is a 409 at once), then calculated on a background thread while the client
 * polls {@code GET /groups/{group}/runs/{run}}. The run records in the lake are the truth; this class only adds
 * the functions done so far for the runs it is calculating.
 */
final class BackgroundRuns implements RunLauncher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundRuns.class);

    private final LocalRuntime runtime;
    private final int threads;
    private final ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().name("run-", 0).daemon().factory());
    private final ConcurrentMap<String, Progress> active = new ConcurrentHashMap<>();

    BackgroundRuns(LocalRuntime runtime, int threads) {
        this.runtime = runtime;
        this.threads = threads;
    }

    /** Plans a run of {@code config} for {@code org} and calculates it in the background; the run's first state. */
    @Override
    public RunState start(GroupConfig config, String org) {
        if (!runtime.sourcesPresent()) {
            throw new DataException("Cannot calculate: the sources are missing in " + runtime.sourcesDir()
                    + " (run 'featurestore sources' to generate the sample sources, or 'featurestore demo')");
        }
        Progress progress = new Progress(config.forOrg(org).functions().size());
        LocalCalculation.Planned planned = runtime.calculation(threads).plan(config, org, progress);
        String runId = planned.plan().runId();
        active.put(runId, progress);
        executor.execute(() -> {
            try {
                planned.finish();
            } catch (RuntimeException e) {
                // recorded on the run as FAILED with its reason; the poller reads it there
                LOG.warn("run {} of {}/{} failed: {}", runId, config.name(), org, e.getMessage());
            } finally {
                active.remove(runId);
            }
        });
        return state(config, runId, org::equals);
    }

    /** A run's state: its record (in any readable org of the group), plus the functions done while this server calculates it. */
    @Override
    public RunState state(GroupConfig config, String runId, Predicate<String> readable) {
        RunRecord record = config.orgNames().stream()
                .filter(readable)
                .map(org -> VersionIds.isValid(runId) ? runtime.versions().run(config.name(), org, runId) : Optional.<RunRecord>empty())
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("Cannot find run '" + runId + "' of group '" + config.name()
                        + "' (GET /groups/" + config.name() + "/runs lists them)"));
        Progress p = active.get(runId);
        if (p == null || record.status() != RunRecord.Status.RUNNING) {
            return RunState.of(record, OptionalInt.empty(), OptionalInt.empty());
        }
        return RunState.of(record, OptionalInt.of(p.total), OptionalInt.of(p.done.get()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Progress implements LocalCalculation.Progress {
        final int total;
        final AtomicInteger done = new AtomicInteger();

        Progress(int total) {
            this.total = total;
        }

        @Override
        public void functionFinished(FunctionOutcome outcome) {
            done.incrementAndGet();
        }
    }
}
