package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.StorageException;
import dev.featurestore.error.UsageException;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
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
import java.util.concurrent.atomic.AtomicLongArray;
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

    /**
     * Rows (summed over partials) per spill bucket: about 1-2 MB of spill, so a bucket's hash join runs mostly
     * in the CPU caches; memory of phase 2 is a few buckets, whatever the total.
     */
    static final long ROWS_PER_BUCKET = 40_000;
    static final int MAX_BUCKETS = 8192;
    /**
     * Rows per data page of the output: small pages, with each page's id-hash range in the footer, let a lookup
     * read and decode a few KiB per id and column instead of a whole bucket (docs/lookup.md).
     */
    static final int PAGE_ROWS = 256;

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
            PartialPlan[] plans = validate();
            long totalRows = 0;
            for (PartialPlan p : plans) {
                totalRows += p.rows();
            }
            int buckets = requestedBuckets > 0 ? requestedBuckets
                    : (int) Math.min(MAX_BUCKETS, Math.max(1, (totalRows + ROWS_PER_BUCKET - 1) / ROWS_PER_BUCKET));
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

    private PartialPlan[] validate() {
        List<Partial> partials = request.partials();
        PartialPlan[] plans = new PartialPlan[partials.size()];
        if (plans.length > 127) {
            throw new UsageException("Cannot merge " + plans.length + " partials (at most 127)");
        }
        Map<String, String> producers = new HashMap<>();
        for (int i = 0; i < plans.length; i++) {
            Partial p = partials.get(i);
            try (ParquetFile f = ParquetFile.open(p.file(), PartialPlan.describe(p))) {
                plans[i] = PartialPlan.of(i, p, f, request.schema(), producers);
            }
        }
        return plans;
    }

    private record Task(int partial, int rowGroup) {
    }

    private long[] partition(ExecutorService pool, PartialPlan[] plans, Path work, int buckets, int threads,
                             SpillWriter.Spill[] spills) throws IOException {
        List<Task> tasks = new ArrayList<>();
        for (PartialPlan p : plans) {
            for (int g = 0; g < p.rowGroups(); g++) {
                if (p.rowGroupRows(g) > 0) { // writers such as pyarrow write one empty row group for 0 rows
                    tasks.add(new Task(p.index(), g));
                }
            }
        }
        // big row groups first would balance better; files are processed in order so reads stay sequential
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray perPartial = new AtomicLongArray(plans.length);
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                ParquetFile[] open = new ParquetFile[plans.length];
                try (SpillWriter spill = new SpillWriter(work, worker, buckets, threads)) {
                    Partitioner partitioner = new Partitioner(spill, buckets);
                    int i;
                    while (!failed.get() && (i = next.getAndIncrement()) < tasks.size()) {
                        Task t = tasks.get(i);
                        PartialPlan plan = plans[t.partial()];
                        if (open[t.partial()] == null) {
                            open[t.partial()] = ParquetFile.open(plan.partial().file(), plan.description());
                        }
                        perPartial.addAndGet(t.partial(), partitionRowGroup(partitioner, plan, open[t.partial()], t.rowGroup()));
                    }
                    spills[worker] = spill.finish();
                } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                } finally {
                    for (ParquetFile f : open) {
                        if (f != null) {
                            f.close();
                        }
                    }
                }
                return null;
            }));
        }
        await(futures);
        long[] result = new long[plans.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = perPartial.get(i);
        }
        return result;
    }

    /**
     * Partitions one row group. A failure to decode its pages (a corrupt data page, a bad dictionary) is the
     * partial's fault: a DataException naming it (exit 3), not an internal error. Spill write failures are
     * IOExceptions and stay storage errors.
     */
    private static long partitionRowGroup(Partitioner partitioner, PartialPlan plan, ParquetFile file, int rowGroup) throws IOException {
        try {
            return partitioner.partition(plan, file, rowGroup);
        } catch (FeatureStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("Cannot read " + plan.description() + ": row group " + rowGroup + " is corrupt ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private List<Path> join(ExecutorService pool, PartialPlan[] plans, SpillWriter.Spill[] spills, int buckets, int threads,
                            Path staging) throws IOException {
        List<Field> fields = request.schema().fields();
        FieldType[] types = fields.stream().map(Field::type).toArray(FieldType[]::new);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        Path[] files = new Path[threads];
        long[] rows = new long[threads];
        @SuppressWarnings("unchecked")
        List<Integer>[] rowGroupBuckets = new List[threads];
        for (int w = 0; w < threads; w++) {
            rowGroupBuckets[w] = new ArrayList<>();
        }
        for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                ColumnObserver[] observers = new ColumnObserver[fields.size()];
                for (int f = 0; f < observers.length; f++) {
                    observers[f] = request.observers().create(worker, fields.get(f));
                }
                BucketJoiner joiner = new BucketJoiner(plans, types, observers);
                Path file = staging.resolve(String.format("part-%05d.parquet", worker));
                ParquetRowWriter writer = ParquetRowWriter.create(file, request.schema(), Map.of(),
                        ParquetRowWriter.ROW_GROUP_ROWS, PAGE_ROWS);
                boolean done = false;
                FileChannel[] channels = new FileChannel[spills.length];
                try {
                    for (int s = 0; s < spills.length; s++) {
                        channels[s] = FileChannel.open(spills[s].file(), StandardOpenOption.READ);
                    }
                    int b;
                    while (!failed.get() && (b = next.getAndIncrement()) < buckets) {
                        long joined = joiner.join(spills, channels, b, writer);
                        rows[worker] += joined;
                        if (joined > 0) { // one bucket per row group: a lookup reads only its id's bucket
                            writer.endRowGroup();
                            while (rowGroupBuckets[worker].size() < writer.rowGroups()) {
                                rowGroupBuckets[worker].add(b);
                            }
                        }
                    }
                    writer.close();
                    done = true;
                } catch (IOException e) {
                    failed.set(true);
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                } finally {
                    for (FileChannel ch : channels) {
                        if (ch != null) {
                            ch.close();
                        }
                    }
                    if (!done) {
                        writer.abort();
                    }
                }
                files[worker] = file;
                return null;
            }));
        }
        await(futures);
        List<Path> written = new ArrayList<>();
        Map<String, List<Integer>> layout = new HashMap<>();
        long total = 0;
        for (int w = 0; w < threads; w++) {
            total += rows[w];
            // keep one file even for an empty result, so the schema is there to read
            if (rows[w] > 0 || (total == 0 && w == threads - 1 && written.isEmpty())) {
                written.add(files[w]);
                layout.put(files[w].getFileName().toString(), List.copyOf(rowGroupBuckets[w]));
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
