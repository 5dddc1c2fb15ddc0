package dev.featurestore.local.server;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.DataException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.local.run.LocalReproduction;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.run.ReproductionLauncher;
import dev.featurestore.run.ReproductionState;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reproductions {@code serve} runs for {@code POST /groups/{group}/versions/{version}/reproductions}: each
 * rebuilds the version on a background thread into a scratch lake that is deleted afterwards
 * ({@link LocalReproduction}), while the client polls. The reports are kept in memory for as long as the server
 * runs (a restarted server knows none: 404); the lake's versions, runs and lock are never touched.
 */
final class BackgroundReproductions implements ReproductionLauncher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundReproductions.class);

    private final LocalRuntime runtime;
    private final int threads;
    private final VersionIds ids;
    private final Clock clock;
    private final ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().name("reproduce-", 0).daemon().factory());
    private final ConcurrentMap<String, ReproductionState> states = new ConcurrentHashMap<>();

    BackgroundReproductions(LocalRuntime runtime, int threads, VersionIds ids) {
        this.runtime = runtime;
        this.threads = threads;
        this.ids = ids;
        this.clock = ids.clock();
    }

    @Override
    public ReproductionState start(GroupConfig config, Manifest recorded) {
        if (!runtime.sourcesPresent()) {
            throw new DataException("Cannot reproduce: the sources are missing in " + runtime.sourcesDir()
                    + " (run 'featurestore sources' to generate the sample sources, or 'featurestore demo')");
        }
        String id = ids.next();
        ReproductionState running = new ReproductionState(recorded.group(), recorded.org(), recorded.version(), id,
                RunRecord.Status.RUNNING, Optional.of(clock.instant().toString()), Optional.empty(), Optional.empty(), Optional.empty());
        states.put(id, running);
        executor.execute(() -> {
            ReproductionState done;
            try {
                ReproduceReport report = LocalReproduction.run(runtime, recorded, threads, LocalCalculation.Progress.NONE);
                done = finished(running, RunRecord.Status.SUCCEEDED, Optional.empty(), Optional.of(report));
                LOG.info("reproduction {} of {}/{} version {}: {}", id, recorded.group(), recorded.org(), recorded.version(),
                        report.identical() ? "identical" : "differs");
            } catch (RuntimeException e) {
                LOG.warn("reproduction {} of {}/{} version {} failed: {}", id, recorded.group(), recorded.org(), recorded.version(),
                        e.getMessage());
                done = finished(running, RunRecord.Status.FAILED, Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()),
                        Optional.empty());
            }
            states.put(id, done);
        });
        return running;
    }

    private ReproductionState finished(ReproductionState s, RunRecord.Status status, Optional<String> reason,
                                       Optional<ReproduceReport> report) {
        return new ReproductionState(s.group(), s.org(), s.version(), s.reproduction(), status, s.startedAt(),
                Optional.of(clock.instant().toString()), reason, report);
    }

    @Override
    public ReproductionState state(GroupConfig config, String version, String reproduction, Predicate<String> readable) {
        ReproductionState s = states.get(reproduction);
        if (s == null || !s.group().equals(config.name()) || !s.version().equals(version) || !readable.test(s.org())) {
            throw new NotFoundException("Cannot find reproduction '" + reproduction + "' of version '" + version + "' of group '"
                    + config.name() + "' (serve keeps reproductions while it runs; start one with POST /groups/" + config.name()
                    + "/versions/" + version + "/reproductions)");
        }
        return s;
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
}
