package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.StorageException;
import dev.featurestore.error.UsageException;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming full outer join of a group's partials on {@code id} (docs/merge.md).
 *
 * <ol>
 *   <li>Validate: open every partial's footer, check its id column and that every other column is declared,
 *       produced by one partial only and castable to its declared type — before any row is read.</li>
 *   <li>Partition: workers read row groups in parallel and append each row, cast to its merge value, to the
 *       spill bucket of hash(id) (compact binary files under the spill directory).</li>
 *   <li>Join: workers take buckets one at a time, join them in memory by id (catching duplicate ids) and write
 *       the rows into their own Parquet file; the observers see every value.</li>
 *   <li>Publish: the files move into the output directory only when everything succeeded; on any failure
 *       nothing is left in it, and the spill files are deleted in every case.</li>
 * </ol>
 * Memory is bounded by the bucket size (the bucket count grows with the input), not by the row count.
 */
public final class Merger {

    private static final Logger LOG = LoggerFactory.getLogger(Merger.class);

    private final MergeRequest request;
    private final int requestedBuckets;

    private Merger(MergeRequest request, int buckets) {
        this.request = request;
        this.requestedBuckets = buckets;
    }

    /** Merges the request's partials into Parquet files in its output directory. */
    public static MergeResult merge(MergeRequest request) {
        return new Merger(request, 0).run();
    }

    /** As {@link #merge(MergeRequest)} with a fixed bucket count (tests). */
    static MergeResult merge(MergeRequest request, int buckets) {
        return new Merger(request, buckets).run();
    }

    private MergeResult run() {
        long start = System.nanoTime();
        Path out = request.outputDir();
        boolean createdOut = !Files.exists(out);
        checkOutput(out);
        removeLeftovers(out, request.spillDir());
        boolean ok = false;
        try (ScratchDir workDir = ScratchDir.create(request.spillDir().resolve(SPILL_PREFIX + UUID.randomUUID()));
             ScratchDir stagingDir = ScratchDir.create(out.resolve(STAGING_PREFIX + UUID.randomUUID()))) {
            Path work = workDir.path();
            Path staging = stagingDir.path();
            PartialPlan[] plans = MergeInputs.validate(request.schema(), request.partials()).plans();
            long totalRows = 0;
            for (PartialPlan p : plans) {
                totalRows += p.rows();
            }
            int buckets = requestedBuckets > 0 ? requestedBuckets : MergeInputs.bucketsFor(totalRows);
            int threads = request.threads();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "merge-worker");
                t.setDaemon(true);
                return t;
            });
            try {
                SpillWriter.Spill[] spills = new SpillWriter.Spill[threads];
                long[] perPartial = partition(pool, plans, work, buckets, threads, spills);
                long t1 = System.nanoTime();
                LOG.info("merge: partitioned {} rows of {} partials into {} buckets in {} ms", totalRows, plans.length, buckets,
                        (t1 - start) / 1_000_000);
                List<Path> written = join(pool, plans, spills, buckets, threads, staging);
                long rows = 0;
                List<Path> files = new ArrayList<>();
                for (Path f : written) {
                    Path target = out.resolve(f.getFileName().toString());
                    Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
                    files.add(target);
                }
                rows = joinedRows;
                Map<String, Long> rowsPerPartial = new LinkedHashMap<>();
                for (PartialPlan p : plans) {
                    rowsPerPartial.merge(p.partial().function(), perPartial[p.index()], Long::sum);
                }
                ok = true;
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                LOG.info("merge: wrote {} rows in {} files in {} ms", rows, files.size(), elapsed.toMillis());
                return new MergeResult(rows, files, rowsPerPartial, elapsed, java.util.Optional.of(bucketLayout));
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new StorageException("Cannot merge into " + out + ": " + e.getMessage(), e);
        } finally {
            if (!ok && createdOut) {
                deleteTree(out);
            }
        }
    }

    /** Staging directories in the output directory, one per merge: the part files are moved out of it at the end. */
    static final String STAGING_PREFIX = ".merge-";
    /** Spill directories in the spill directory (the system temp directory for the CLI), one per merge. */
    static final String SPILL_PREFIX = "featurestore-merge-";

    /** What merges killed mid-way (kill -9, a Lambda timeout) left behind; a live merge's directories stay. */
    private static void removeLeftovers(Path out, Path spillDir) {
        java.time.Clock files = java.time.Clock.systemUTC(); // file times are the system clock's
        ScratchDir.removeStale(out, files, STAGING_PREFIX);
        ScratchDir.removeStale(spillDir, files, SPILL_PREFIX);
    }

    private long joinedRows;
    private BucketLayout bucketLayout;

    private static void checkOutput(Path out) {
        if (!Files.isDirectory(out)) {
            if (Files.exists(out)) {
                throw new UsageException("Cannot merge into " + out + ": it is a file (give a directory)");
            }
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(out, "part-*.parquet")) {
            if (s.iterator().hasNext()) {
                throw new UsageException("Cannot merge into " + out + ": it already holds part-*.parquet files (write to a new or empty directory)");
            }
        } catch (IOException e) {
            throw new StorageException("Cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    private long[] partition(ExecutorService pool, PartialPlan[] plans, Path work, int buckets, int threads,
                             SpillWriter.Spill[] spills) throws IOException {
        List<RowGroupRef> tasks = RowGroupRef.nonEmpty(plans);
        // big row groups first would balance better; files are processed in order so reads stay sequential
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        long[][] perWorker = new long[threads][];
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                try (PartitionWorker partitioner = new PartitionWorker(plans, work, worker, buckets, threads)) {
                    int i;
                    while (!failed.get() && (i = next.getAndIncrement()) < tasks.size()) {
                        RowGroupRef t = tasks.get(i);
                        partitioner.partition(t.partial(), t.rowGroup());
                    }
                    spills[worker] = partitioner.finish();
                    perWorker[worker] = partitioner.rowsPerPartial();
                } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        await(futures);
        long[] result = new long[plans.length];
        for (long[] rows : perWorker) {
            for (int i = 0; i < result.length; i++) {
                result[i] += rows[i];
            }
        }
        return result;
    }

    private List<Path> join(ExecutorService pool, PartialPlan[] plans, SpillWriter.Spill[] spills, int buckets, int threads,
                            Path staging) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        JoinedPart[] joined = new JoinedPart[threads];
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                Path file = staging.resolve(String.format("part-%05d.parquet", worker));
                try (JoinWorker joiner = new JoinWorker(plans, request.schema(), request.observers(), worker, spills, file)) {
                    int b;
                    while (!failed.get() && (b = next.getAndIncrement()) < buckets) {
                        joiner.join(b);
                    }
                    joined[worker] = joiner.finish();
                } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        await(futures);
        List<Path> written = new ArrayList<>();
        Map<String, List<Integer>> layout = new HashMap<>();
        long total = 0;
        for (int w = 0; w < threads; w++) {
            total += joined[w].rows();
            // keep one file even for an empty result, so the schema is there to read
            if (joined[w].rows() > 0 || (total == 0 && w == threads - 1 && written.isEmpty())) {
                written.add(joined[w].file());
                layout.put(joined[w].file().getFileName().toString(), joined[w].rowGroupBuckets());
            }
        }
        joinedRows = total;
        bucketLayout = new BucketLayout(buckets, layout);
        return written;
    }

    private static void await(List<Future<?>> futures) {
        Throwable first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                // the first real failure wins over the follow-up failures of workers that were stopped
                if (first == null || (!(first instanceof FeatureStoreException) && cause instanceof FeatureStoreException)) {
                    first = cause;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Cannot merge: interrupted", e);
            }
        }
        if (first instanceof FeatureStoreException fse) {
            throw fse;
        }
        if (first instanceof IOException io) {
            throw new StorageException("Cannot merge: " + io.getMessage(), io);
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new DataException("Cannot merge: " + first.getMessage(), first);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover temp file is not worth failing the merge
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
