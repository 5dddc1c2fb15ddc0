package dev.featurestore.calculate;

import dev.featurestore.catalog.Catalog;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.merge.ColumnObservers;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.merge.PartialMerger;
import dev.featurestore.merge.Partial;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.version.ContentChecksum;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.CodeVersions;
import dev.featurestore.catalog.ColumnComments;
import dev.featurestore.version.Lineage;
import dev.featurestore.version.VersionDocs;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calculates a group for one org: plan (ids, lock) → run every function (each writes a partial to staging) →
 * merge → write the version's files and manifest → catalog table + partition → publish → retention → clean
 * staging. Locally {@link #run} does all of it; on AWS the steps are separate Lambdas ({@link #plan},
 * the runner per function, {@link #complete}, {@link #fail}).
 *
 * <p>Nothing is lost on failure: until the publish, readers keep the current version; a failed run deletes
 * what it wrote (staging and its unpublished version), records why, and releases the lock.
 */
public final class Calculation {
    private static final Logger LOG = LoggerFactory.getLogger(Calculation.class);

    private final ObjectStore store;
    private final Catalog catalog;
    private final VersionStore versions;
    private final VersionIds ids;
    private final Path workDir;
    private final int threads;
    private final String codeVersion;
    private final MergeStatistics.Factory statistics;
    private final int retainVersions;
    private final Listener listener;
    private final Lineage.CodeVersion code;
    private final SourceFingerprints sources;
    private final PartialMerger merger;
    private final DistributedMerging distributedMerging;

    /** Progress callbacks for the CLI's display; all optional. */
    public interface Listener {
        default void functionStarted(String function) {
        }

        default void functionFinished(FunctionOutcome outcome) {
        }

        default void merging(int partials) {
        }

        /** Rows the merge has written so far (told every 4,096 rows per merge worker). */
        default void rowsMerged(long rows) {
        }

        default void published(Manifest manifest) {
        }

        Listener NONE = new Listener() {
        };
    }

    private Calculation(Builder b) {
        this.store = b.store;
        this.catalog = b.catalog;
        this.versions = b.versions != null ? b.versions : VersionStore.create(b.store);
        this.ids = b.ids;
        this.workDir = b.workDir;
        this.threads = b.threads;
        this.codeVersion = b.codeVersion;
        this.code = b.code;
        this.sources = b.sources;
        this.statistics = b.statistics;
        this.retainVersions = b.retainVersions;
        this.listener = b.listener;
        this.merger = b.merger;
        this.distributedMerging = b.distributedMerging;
    }

    /** A builder; {@code merger} is normally {@code Merger::merge}. */
    public static Builder builder(ObjectStore store, Catalog catalog, PartialMerger merger) {
        return new Builder(store, catalog, merger);
    }

    public VersionStore versions() {
        return versions;
    }

    /** Runs everything for one org, the functions in parallel on {@code runner}. Returns the published manifest. */
    public Manifest run(ResolvedGroup group, FunctionRunner runner) {
        return run(plan(group), group, runner);
    }

    /**
     * Runs a planned run to its end (functions, then {@link #complete}); on failure records it and rethrows. For
     * callers that answer with the run id before the run ends (the API's {@code POST /groups/{group}/runs}).
     */
    public Manifest run(RunPlan plan, ResolvedGroup group, FunctionRunner runner) {
        List<FunctionOutcome> outcomes;
        try {
            outcomes = runFunctions(group, plan, runner);
        } catch (FunctionFailed e) {
            fail(plan, Optional.of(e.function), reason(e.getCause()));
            throw (RuntimeException) e.getCause();
        } catch (RuntimeException e) {
            fail(plan, reason(e));
            throw e;
        }
        return complete(plan, group, outcomes);
    }

    /** New run and version ids, the run lock, a RUNNING record. */
    public RunPlan plan(ResolvedGroup group) {
        String runId = ids.next();
        String version = runId;
        versions.lock(group.group(), group.org(), runId);
        String now = ids.clock().instant().toString();
        RunPlan plan = new RunPlan(group.group(), group.org(), runId, version, group.configHash(), now,
                group.functions().stream().map(FunctionSpec::name).toList());
        try {
            versions.recordRun(RunRecord.running(runId, group.group(), group.org(), version, now));
        } catch (RuntimeException e) {
            versions.unlock(group.group(), group.org(), runId); // no run to fail yet: do not leave the lock held
            throw e;
        }
        LOG.info("planned group={} org={} run={} version={} functions={}", plan.group(), plan.org(), runId, version, plan.functions());
        return plan;
    }

    /** The task of one function of a plan (what a Calculate Lambda receives). */
    public static FunctionTask task(ResolvedGroup group, RunPlan plan, String function) {
        return new FunctionTask(group, group.function(function), plan.runId(), plan.version(),
                Layout.partial(plan.group(), plan.org(), plan.runId(), function));
    }

    private List<FunctionOutcome> runFunctions(ResolvedGroup group, RunPlan plan, FunctionRunner runner) {
        int n = Math.max(1, Math.min(threads, plan.functions().size()));
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "function-" + plan.group());
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<FunctionOutcome>> futures = new LinkedHashMap<>();
            for (String fn : plan.functions()) {
                FunctionTask task = task(group, plan, fn);
                futures.put(fn, pool.submit(() -> {
                    listener.functionStarted(fn);
                    FunctionOutcome outcome = runner.run(task);
                    listener.functionFinished(outcome);
                    LOG.info("function done group={} org={} run={} function={} rows={} ms={}", plan.group(), plan.org(),
                            plan.runId(), fn, outcome.rows(), outcome.durationMs());
                    return outcome;
                }));
            }
            List<FunctionOutcome> outcomes = new ArrayList<>();
            for (Map.Entry<String, Future<FunctionOutcome>> e : futures.entrySet()) {
                try {
                    outcomes.add(e.getValue().get());
                } catch (ExecutionException ex) {
                    futures.values().forEach(f -> f.cancel(true));
                    Throwable cause = ex.getCause();
                    if (cause instanceof FeatureStoreException fse) {
                        throw new FunctionFailed(e.getKey(), fse);
                    }
                    throw new FunctionFailed(e.getKey(), new DataException("Cannot calculate function '" + e.getKey() + "' of group '"
                            + plan.group() + "' for org '" + plan.org() + "': " + cause, cause));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("Cannot calculate group '" + plan.group() + "': interrupted", ex);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Merges the run's partials into its version, registers it, publishes it, applies retention and cleans
     * staging. On failure: cleans up, records the failure, releases the lock and rethrows; the current version
     * is unchanged.
     */
    public Manifest complete(RunPlan plan, ResolvedGroup group, List<FunctionOutcome> outcomes) {
        return complete(plan, group, outcomes, this::mergeVersion);
    }

    /**
     * Completes a run whose merge ran elsewhere (a distributed merge's tasks): {@code merged} collects its
     * outcome (the files already under the version's prefix), then as {@link #complete(RunPlan, ResolvedGroup, List)}
     * — files checked, manifest, catalog, publish — with the same cleanup on failure.
     */
    public Manifest completeMerged(RunPlan plan, ResolvedGroup group, List<FunctionOutcome> outcomes,
                                   java.util.function.Supplier<MergedVersion> merged) {
        return complete(plan, group, outcomes, (p, grp, runDir, partials) -> merged.get());
    }

    /** How a run's version gets merged: on this machine, or collected from a distributed merge. */
    @FunctionalInterface
    private interface VersionMerge {
        MergedVersion merge(RunPlan plan, ResolvedGroup group, Path runDir, List<Partial> partials) throws IOException;
    }

    private Manifest complete(RunPlan plan, ResolvedGroup group, List<FunctionOutcome> outcomes, VersionMerge merge) {
        String g = plan.group();
        String org = plan.org();
        ScratchDir.removeStale(workDir, Clock.systemUTC(), RUN_DIR_PREFIX); // what killed runs left; file times are the system clock's
        ScratchDir runScratch = null;
        boolean published = false;
        List<Partial> partials = new ArrayList<>();
        try {
            runScratch = ScratchDir.create(workDir.resolve(RUN_DIR_PREFIX + plan.runId()));
            Path runDir = runScratch.path();
            requireStillValid(plan, group);
            MergedVersion merged = merge.merge(plan, group, runDir, partials);
            List<Manifest.DataFile> files = uploaded(g, org, plan.version(), merged.files());

            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, g, org, plan.version(), plan.runId(),
                    ids.clock().instant().toString(), plan.configHash(), codeVersion, Manifest.columnsOf(group.fields()),
                    merged.rows(), files, functionRuns(group, outcomes), new LinkedHashMap<>(merged.timings()), merged.stats(),
                    merged.checksum(), plan.startedAt(), merged.lookup().orElse(null), lineage(group, outcomes),
                    VersionDocs.of(group.docs(), group.fields()));
            versions.writeManifest(manifest);
            register(plan, group);

            // compare-and-swap on the lock: refuses a run whose lock was taken over meanwhile, and fences the
            // publish (nobody may take the lock over for another lifetime)
            versions.renewLock(g, org, plan.runId());
            versions.publish(g, org, plan.version(), "run " + plan.runId());
            published = true;
            listener.published(manifest);

            finish(plan, RunRecord.Status.SUCCEEDED, Optional.empty());
            applyRetention(g, org);
            return manifest;
        } catch (RuntimeException | IOException e) {
            if (!published) {
                try {
                    store.deletePrefix(Layout.version(g, org, plan.version()));
                    catalog.dropPartition(g, org, plan.version());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                String reason = withoutLocalPaths(reason(e), partials);
                fail(plan, functionNamedIn(reason, plan.functions()), reason);
                if (e instanceof DataException && !reason.equals(reason(e))) {
                    throw new DataException(reason, e); // the run's scratch paths are gone when anyone reads this
                }
            }
            if (e instanceof IOException io) {
                throw new StorageException("Cannot complete run " + plan.runId() + " of group '" + g + "': " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        } finally {
            if (runScratch != null) {
                runScratch.close();
            }
        }
    }

    /**
     * The version merged from the run's partials: by the distributed merge when it takes the run, else on this
     * machine (partials fetched, merged, the files uploaded under the version's prefix).
     */
    private MergedVersion mergeVersion(RunPlan plan, ResolvedGroup group, Path runDir, List<Partial> partials) throws IOException {
        Optional<MergedVersion> distributed = distributedMerging.merge(plan, group, runDir);
        if (distributed.isPresent()) {
            return distributed.get();
        }
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        fetchPartials(plan, runDir, partials);
        timings.put("fetch_partials", ms(t0));
        Merged merged = merge(group, runDir, partials, timings);

        long t2 = System.nanoTime();
        Uploaded uploaded = upload(plan, merged.result());
        timings.put("upload", ms(t2));
        return new MergedVersion(merged.result().rows(), uploaded.files(), Optional.ofNullable(uploaded.lookup()),
                merged.stats().toJson(), merged.checksum().value(group.fields(), merged.result().rows()), timings);
    }

    /** The merged partials with the statistics and content checksum observed while merging. */
    private record Merged(MergeResult result, MergeStatistics stats, ContentChecksum checksum) {
    }

    private Merged merge(ResolvedGroup group, Path runDir, List<Partial> partials, Map<String, Long> timings) {
        listener.merging(partials.size());
        long t1 = System.nanoTime();
        MergeStatistics stats = statistics.create(group.fields());
        // one observer per column: the checksum wraps the statistics (and, on the first field, the progress count)
        ContentChecksum checksum = ContentChecksum.around(ColumnObservers.compose(List.of(stats.observers(),
                MergeProgress.counting(group.fields(), listener::rowsMerged))));
        MergeResult merged = merger.merge(new MergeRequest(group.fields(), partials, runDir.resolve("out"),
                runDir.resolve("spill"), threads, checksum));
        timings.put("merge", ms(t1));
        return new Merged(merged, stats, checksum);
    }

    private Manifest manifest(RunPlan plan, ResolvedGroup group, List<FunctionOutcome> outcomes, Merged merged,
                              List<Manifest.DataFile> files, Map<String, Long> timings, Manifest.LookupIndex lookup) {
        return new Manifest(Manifest.FORMAT_VERSION, plan.group(), plan.org(), plan.version(), plan.runId(),
                ids.clock().instant().toString(), plan.configHash(), codeVersion, Manifest.columnsOf(group.fields()),
                merged.result().rows(), files, functionRuns(group, outcomes), timings, merged.stats().toJson(),
                merged.checksum().value(group.fields(), merged.result().rows()), plan.startedAt(), lookup,
                lineage(group, outcomes), VersionDocs.of(group.docs(), group.fields()));
    }

    /**
     * Plans a scratch run, one that rebuilds a version to compare it ({@code reproduce}): new ids, but neither the
     * run lock nor a run record, since it never publishes (normal runs go on meanwhile). Its partials are staged
     * under its run id like any run's.
     */
    public RunPlan planScratch(ResolvedGroup group) {
        String runId = ids.next();
        RunPlan plan = new RunPlan(group.group(), group.org(), runId, runId, group.configHash(), ids.clock().instant().toString(),
                group.functions().stream().map(FunctionSpec::name).toList());
        LOG.info("planned scratch run group={} org={} run={} functions={}", plan.group(), plan.org(), runId, plan.functions());
        return plan;
    }

    /** Runs a scratch run's functions on {@code runner}, then {@link #rebuild(RunPlan, ResolvedGroup, List)}. */
    public Manifest rebuild(RunPlan plan, ResolvedGroup group, FunctionRunner runner) {
        List<FunctionOutcome> outcomes;
        try {
            outcomes = runFunctions(group, plan, runner);
        } catch (FunctionFailed e) {
            discardScratch(plan);
            throw (RuntimeException) e.getCause();
        } catch (RuntimeException e) {
            discardScratch(plan);
            throw e;
        }
        return rebuild(plan, group, outcomes);
    }

    /**
     * Merges a scratch run's partials as {@link #complete} would (statistics, content checksum, lineage with the
     * sources' fingerprint now) and returns the manifest the version would have, without storing anything: the
     * merged files are deleted with the run's scratch directory and its staging, no version is written, registered
     * or published, no run record is touched. The manifest lists no data files.
     */
    public Manifest rebuild(RunPlan plan, ResolvedGroup group, List<FunctionOutcome> outcomes) {
        ScratchDir.removeStale(workDir, Clock.systemUTC(), RUN_DIR_PREFIX);
        List<Partial> partials = new ArrayList<>();
        try (ScratchDir runScratch = ScratchDir.create(workDir.resolve(RUN_DIR_PREFIX + plan.runId()))) {
            Map<String, Long> timings = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            fetchPartials(plan, runScratch.path(), partials);
            timings.put("fetch_partials", ms(t0));
            Merged merged = merge(group, runScratch.path(), partials, timings);
            Manifest m = manifest(plan, group, outcomes, merged, List.of(), timings, null);
            LOG.info("rebuilt scratch run group={} org={} run={} rows={} checksum={}", plan.group(), plan.org(), plan.runId(),
                    m.rowCount(), m.contentChecksum());
            return m;
        } catch (DataException e) {
            String reason = withoutLocalPaths(reason(e), partials);
            throw reason.equals(reason(e)) ? e : new DataException(reason, e);
        } catch (IOException e) {
            throw new StorageException("Cannot rebuild in scratch run " + plan.runId() + " of group '" + plan.group() + "': " + e.getMessage(), e);
        } finally {
            discardScratch(plan);
        }
    }

    /** Deletes what a scratch run staged (its partials); a failure is logged, staging expires anyway. */
    public void discardScratch(RunPlan plan) {
        try {
            store.deletePrefix(Layout.stagingRun(plan.group(), plan.org(), plan.runId()));
        } catch (RuntimeException e) {
            LOG.warn("cannot clean staging of scratch run={}: {}", plan.runId(), e.toString());
        }
    }

    /** The run may complete only with the config it was planned with, and while it still holds the run lock. */
    private void requireStillValid(RunPlan plan, ResolvedGroup group) {
        if (!group.configHash().equals(plan.configHash())) {
            throw new ConflictException("Cannot complete run " + plan.runId() + " of group '" + plan.group() + "' for org '" + plan.org()
                    + "': the config changed since it was planned (plan " + plan.configHash().substring(0, 12) + ", now "
                    + group.configHash().substring(0, 12) + "; start a new run)");
        }
        if (!versions.holdsLock(plan.group(), plan.org(), plan.runId())) {
            throw new ConflictException("Cannot complete run " + plan.runId() + " of group '" + plan.group() + "' for org '" + plan.org()
                    + "': it no longer holds the run lock (it expired and another run took over; start a new run)");
        }
    }

    /**
     * Adds every function's partial as a local file to {@code partials}, one by one (so that a failure's message can
     * be cleaned of the paths fetched so far): read in place when the store is local, else downloaded.
     */
    private void fetchPartials(RunPlan plan, Path runDir, List<Partial> partials) {
        for (String fn : plan.functions()) {
            String key = Layout.partial(plan.group(), plan.org(), plan.runId(), fn);
            Optional<Path> local = store.localFile(key);
            if (local.isPresent() && Files.exists(local.get())) {
                partials.add(new Partial(fn, local.get()));
            } else if (store.exists(key)) {
                Path target = runDir.resolve("partials").resolve(fn + ".parquet");
                store.download(key, target);
                partials.add(new Partial(fn, target));
            } else {
                throw new DataException("Cannot merge run " + plan.runId() + " of group '" + plan.group() + "' for org '" + plan.org()
                        + "': the partial of function '" + fn + "' is missing (" + store.uri(key)
                        + "; the function did not write it — see its log)");
            }
        }
    }

    /** The version's data files and, when the merge bucketed them, the lookup index of their row groups. */
    private record Uploaded(List<Manifest.DataFile> files, Manifest.LookupIndex lookup) {
    }

    /** Stores the merged files as the version's data files, in a stable order, with their bucket index. */
    private Uploaded upload(RunPlan plan, MergeResult merged) throws IOException {
        List<Manifest.DataFile> files = new ArrayList<>();
        List<List<Integer>> rowGroupBuckets = new ArrayList<>();
        List<Path> outputs = merged.files().stream().sorted(Comparator.comparing(Path::toString)).toList();
        store.deletePrefix(Layout.version(plan.group(), plan.org(), plan.version())); // a retried merge: nothing of an earlier attempt stays
        for (int i = 0; i < outputs.size(); i++) {
            Path file = outputs.get(i);
            String key = Layout.dataFile(plan.group(), plan.org(), plan.version(), String.format("part-%05d.parquet", i));
            String crc = DataFileCheck.crc32c(file);
            store.putFile(key, file);
            files.add(new Manifest.DataFile(key, rowsOf(merged, file, outputs.size()), Files.size(file), Optional.of(crc),
                    Optional.empty()));
            merged.layout().map(l -> l.rowGroupBuckets().get(file.getFileName().toString())).ifPresent(rowGroupBuckets::add);
        }
        Manifest.LookupIndex lookup = merged.layout().filter(l -> rowGroupBuckets.size() == outputs.size())
                .map(l -> new Manifest.LookupIndex(BucketLayout.HASH, l.buckets(), rowGroupBuckets)).orElse(null);
        return new Uploaded(files, lookup);
    }

    /** What each function contributed, for the manifest: its kind, its source (SQL text or class), rows and queries. */
    private static List<Manifest.FunctionRun> functionRuns(ResolvedGroup group, List<FunctionOutcome> outcomes) {
        List<Manifest.FunctionRun> runs = new ArrayList<>();
        for (FunctionOutcome o : outcomes) {
            FunctionSpec spec = group.function(o.function());
            String kind = spec instanceof FunctionSpec.Sql ? "sql" : "java";
            String source = spec instanceof FunctionSpec.Sql s ? s.sql() : ((FunctionSpec.Java) spec).className();
            runs.add(new Manifest.FunctionRun(o.function(), kind, source, o.rows(), o.durationMs(), o.queries(), o.queryIds()));
        }
        return runs;
    }

    /** Makes the version queryable: the group's table (Glue locally mirrored) and the version's partition. */
    private void register(RunPlan plan, ResolvedGroup group) {
        String g = plan.group();
        List<String> removed = catalog.ensureTable(g, group.fields(), store.uri(Layout.groupPrefix(g)),
                ColumnComments.of(group.docs(), group.fields()));
        if (!removed.isEmpty()) {
            LOG.info("table keeps fields this org does not declare group={} org={} fields={} (other orgs or older versions have them)",
                    g, plan.org(), removed);
        }
        catalog.addPartition(g, plan.org(), plan.version(), store.uri(Layout.version(g, plan.org(), plan.version())));
    }

    /** Deletes versions beyond the group's retention; a failure is logged, since the new version is already published. */
    private void applyRetention(String group, String org) {
        try {
            versions.applyRetention(group, org, retainVersions, catalog);
        } catch (RuntimeException e) {
            LOG.warn("retention failed group={} org={} (the new version is published): {}", group, org, e.toString());
        }
    }

    /** A run's work directory under the work dir: downloaded partials, merge output and spill files. */
    static final String RUN_DIR_PREFIX = "run-";

    /**
     * The files as the store holds them after the upload, from one listing: sizes checked (an upload that
     * stored other bytes fails the run, before publishing), and the ETags the store gave them recorded.
     */
    private List<Manifest.DataFile> uploaded(String g, String org, String version, List<Manifest.DataFile> files) {
        Map<String, ObjectStore.Listed> listed = new LinkedHashMap<>();
        store.listWithSizes(Layout.version(g, org, version)).forEach(l -> listed.put(l.key(), l));
        new DataFileCheck(g, org, version).againstListing(files, List.copyOf(listed.values()));
        List<Manifest.DataFile> withTags = new ArrayList<>();
        for (Manifest.DataFile f : files) {
            withTags.add(new Manifest.DataFile(f.key(), f.rows(), f.bytes(), f.crc32c(), listed.get(f.key()).etag()));
        }
        return withTags;
    }

    /**
     * A workflow execution that timed out or was aborted never reaches its Catch path. This finds the run it left
     * holding the lock — one that took the lock while the execution ran — records it as failed with
     * {@code reason}, deletes its staging and releases the lock. A lock taken outside that window belongs to
     * another execution and is left alone.
     *
     * @return the run that was failed, if the execution had left one
     */
    public Optional<String> failAbandoned(String group, String org, Instant executionStart, Instant executionStop, String reason) {
        Optional<VersionStore.LockHolder> holder = versions.lockHolder(group, org);
        if (holder.isEmpty()) {
            LOG.info("no run to fail group={} org={}: the lock is free ({})", group, org, reason);
            return Optional.empty();
        }
        VersionStore.LockHolder h = holder.get();
        // a minute of slack for the clocks of Step Functions and the Lambda that took the lock
        if (h.takenAt().isBefore(executionStart.minus(Duration.ofMinutes(1))) || h.takenAt().isAfter(executionStop)) {
            LOG.info("lock of group={} org={} is run {}'s, taken at {}, outside the execution ({} to {}): left alone",
                    group, org, h.runId(), h.takenAt(), executionStart, executionStop);
            return Optional.empty();
        }
        Optional<RunRecord> run = versions.run(group, org, h.runId());
        RunPlan plan = new RunPlan(group, org, h.runId(), run.map(RunRecord::version).orElse(h.runId()), "",
                run.map(RunRecord::startedAt).orElse(h.takenAt().toString()), List.of());
        if (run.isPresent() && run.get().status() != RunRecord.Status.RUNNING) {
            versions.unlock(group, org, h.runId()); // finished, but its lock was left: only release it
        } else {
            fail(plan, reason);
        }
        return Optional.of(h.runId());
    }

    /**
     * What the version is built from: params, each function as configured, the code, and the fingerprint of the
     * source tables the functions' queries read.
     */
    private Lineage lineage(ResolvedGroup group, List<FunctionOutcome> outcomes) {
        List<Lineage.FunctionConfig> functions = new ArrayList<>();
        for (FunctionSpec f : group.functions()) {
            functions.add(switch (f) {
                case FunctionSpec.Sql sql -> new Lineage.FunctionConfig(sql.name(), "sql", sql.sql(), sql.path(),
                        sql.declaredFields().orElse(null), group.params().values());
                case FunctionSpec.Java java -> new Lineage.FunctionConfig(java.name(), "java", java.className(), null,
                        java.declaredFields().orElse(null), group.params().values());
            });
        }
        List<String> queries = outcomes.stream().flatMap(o -> o.queries().stream()).toList();
        return new Lineage(group.params().values(), functions, code, sources.of(group, queries), group.schedule().orElse(""));
    }

    /** Records a failed run, deletes its staging files and releases the lock; the current version is untouched. */
    public void fail(RunPlan plan, String reason) {
        fail(plan, Optional.empty(), reason);
    }

    /** Like {@link #fail(RunPlan, String)}, naming the function that failed. */
    public void fail(RunPlan plan, Optional<String> function, String reason) {
        if (versions.current(plan.group(), plan.org()).filter(plan.version()::equals).isPresent()) {
            // it published before a later step failed (e.g. Merge killed after the pointer write): not a failure
            LOG.warn("run published before failing group={} org={} run={} reason={}", plan.group(), plan.org(), plan.runId(), reason);
            finish(plan, RunRecord.Status.SUCCEEDED, Optional.of("published; then: " + reason));
            return;
        }
        LOG.error("run failed group={} org={} run={} function={} reason={}", plan.group(), plan.org(), plan.runId(),
                function.orElse("-"), reason);
        try {
            // files a killed Merge left of its unpublished version (invisible without a manifest, but they cost)
            store.deletePrefix(Layout.version(plan.group(), plan.org(), plan.version()));
        } catch (RuntimeException e) {
            LOG.warn("cannot delete the unpublished version run={}: {}", plan.runId(), e.toString());
        }
        finish(plan, RunRecord.Status.FAILED, Optional.of(reason), function);
    }

    private void finish(RunPlan plan, RunRecord.Status status, Optional<String> reason) {
        finish(plan, status, reason, Optional.empty());
    }

    private void finish(RunPlan plan, RunRecord.Status status, Optional<String> reason, Optional<String> function) {
        try {
            store.deletePrefix(Layout.stagingRun(plan.group(), plan.org(), plan.runId()));
        } catch (RuntimeException e) {
            LOG.warn("cannot clean staging run={}: {}", plan.runId(), e.toString());
        }
        try {
            RunRecord record = versions.run(plan.group(), plan.org(), plan.runId())
                    .orElse(RunRecord.running(plan.runId(), plan.group(), plan.org(), plan.version(), plan.startedAt()));
            versions.recordRun(record.finished(status, ids.clock().instant().toString(), reason, function));
        } finally {
            versions.unlock(plan.group(), plan.org(), plan.runId());
        }
    }

    private static long rowsOf(MergeResult merged, Path file, int fileCount) {
        if (fileCount == 1) {
            return merged.rows();
        }
        // ParquetFile reads without Hadoop; ParquetFileReader.open(InputFile) needs hadoop-common's Configuration
        try (dev.featurestore.parquet.ParquetFile reader = dev.featurestore.parquet.ParquetFile.open(file, "merged file " + file)) {
            return reader.rows();
        }
    }

    /** The reason without the paths of partials in the run's scratch space, deleted by the time anyone reads it. */
    private static String withoutLocalPaths(String reason, List<Partial> partials) {
        String r = reason;
        for (Partial p : partials) {
            r = r.replace(" (" + p.file() + ")", "").replace(p.file().toString(), p.function() + ".parquet");
        }
        return r;
    }

    /** The function a failure message names ("function 'orders'", "partial 'orders'"), when it names one of {@code functions}. */
    public static Optional<String> functionNamedIn(String reason, List<String> functions) {
        return functions.stream().filter(fn -> reason.contains("function '" + fn + "'") || reason.contains("partial '" + fn + "'")).findFirst();
    }

    /** A function's failure, carrying which function failed out of the pool (unwrapped before anyone sees it). */
    private static final class FunctionFailed extends RuntimeException {
        private final String function;

        FunctionFailed(String function, RuntimeException cause) {
            super(cause);
            this.function = function;
        }
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Builder: the store and catalog are required; the rest has defaults suited to local mode. */
    public static final class Builder {
        private final ObjectStore store;
        private final Catalog catalog;
        private VersionStore versions;
        private VersionIds ids = VersionIds.systemDefault();
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "featurestore-work");
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Lineage.CodeVersion code;
        private String codeVersion;
        private SourceFingerprints sources = SourceFingerprints.NONE;
        private MergeStatistics.Factory statistics = dev.featurestore.version.ManifestStats.COLLECTED;
        private int retainVersions = 10;
        private Listener listener = Listener.NONE;
        private final PartialMerger merger;
        private DistributedMerging distributedMerging = DistributedMerging.NEVER;

        private Builder(ObjectStore store, Catalog catalog, PartialMerger merger) {
            this.store = store;
            this.catalog = catalog;
            this.merger = merger;
        }

        public Builder versions(VersionStore versions) {
            this.versions = versions;
            return this;
        }

        public Builder ids(VersionIds ids) {
            this.ids = ids;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder codeVersion(String codeVersion) {
            this.codeVersion = codeVersion;
            return this;
        }

        /** The code that runs (default: {@link CodeVersions#of} this class); sets the manifest's code version too. */
        public Builder code(Lineage.CodeVersion code) {
            this.code = code;
            return this;
        }

        /** How to fingerprint the sources for the lineage (default: none recorded). */
        public Builder sources(SourceFingerprints sources) {
            this.sources = sources;
            return this;
        }

        public Builder statistics(MergeStatistics.Factory statistics) {
            this.statistics = statistics;
            return this;
        }

        public Builder retainVersions(int retainVersions) {
            this.retainVersions = retainVersions;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** The distributed merge, which takes the runs it chooses (default: every run merges on this machine). */
        public Builder distributedMerging(DistributedMerging distributedMerging) {
            this.distributedMerging = distributedMerging;
            return this;
        }

        public Calculation build() {
            if (code == null) {
                code = CodeVersions.of(Calculation.class);
            }
            if (codeVersion == null) {
                codeVersion = code.gitCommit();
            }
            return new Calculation(this);
        }
    }
}
