package dev.featurestore.distmerge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.JoinedPart;
import dev.featurestore.merge.MergeInputs;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.merge.MergeTasks;
import dev.featurestore.merge.Partial;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import dev.featurestore.version.DataFileCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 2 as a task: fetches its bucket range from every partition task's object (one ranged GET each), joins them
 * into one Parquet file (one row group per bucket), stores it as a data file of the (unpublished) version, and
 * stores its result: rows, the file's size and CRC32C, the bucket of each row group, the content checksum's
 * parts and the statistics sketches. A partition task without a result fails it (that task did not finish).
 * Idempotent: a retried task writes the same keys again.
 */
public final class JoinTaskRun {
    private static final Logger LOG = LoggerFactory.getLogger(JoinTaskRun.class);

    private final ObjectStore store;
    private final Path workDir;
    private final MergeStatistics.Factory statistics;

    public JoinTaskRun(ObjectStore store, Path workDir, MergeStatistics.Factory statistics) {
        this.store = store;
        this.workDir = workDir;
        this.statistics = statistics;
    }

    /** What the task did: rows written and the bytes of its data file (0 when it wrote none). */
    public record Result(int task, long rows, long bytes) {
    }

    /** Copies partition task {@code p}'s bucket range for join task {@code index} into {@code file} (ranged GETs). */
    private void fetchRange(MergeTaskPlan plan, int index, int p, Path file) throws IOException {
        MergeTaskPlan.JoinTask task = plan.joinTasks().get(index);
        String resultKey = StagingKeys.partitioned(plan, p);
        String key = StagingKeys.buckets(plan, p);
        byte[] result = store.get(resultKey).orElseThrow(() -> new DataException("Cannot join buckets [" + task.fromBucket() + ", "
                + task.toBucket() + ") of run " + plan.runId() + ": the output of partition task " + p + " is missing ("
                + store.uri(resultKey) + "; that task did not finish)"));
        com.fasterxml.jackson.databind.JsonNode range = MergeTaskPlan.JSON.readTree(result).path("ranges").path(index);
        long offset = range.path(0).asLong(-1);
        long length = range.path(1).asLong(-1);
        if (offset < 0 || length < 0) {
            throw new DataException("Cannot join buckets of run " + plan.runId() + ": the result of partition task " + p
                    + " does not say where join task " + index + "'s range is (" + store.uri(resultKey) + ")");
        }
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            for (long at = 0; at < length; ) {
                int n = (int) Math.min(CHUNK, length - at);
                byte[] bytes = store.getRange(key, offset + at, n).orElseThrow(() -> new DataException("Cannot join buckets of run "
                        + plan.runId() + ": the bucket object of partition task " + p + " is missing (" + store.uri(key) + ")"));
                if (bytes.length != n) {
                    throw new DataException("Cannot join buckets of run " + plan.runId() + ": the bucket object of partition task " + p
                            + " ended early (" + store.uri(key) + ")");
                }
                out.write(bytes);
                at += n;
            }
        }
    }

    private static final int CHUNK = 8 << 20;

    public Result run(MergeTaskPlan plan, int index) {
        if (index < 0 || index >= plan.joinTasks().size()) {
            throw new IllegalArgumentException("Cannot run join task " + index + " of run " + plan.runId() + ": the plan has "
                    + plan.joinTasks().size());
        }
        long start = System.nanoTime();
        MergeTaskPlan.JoinTask task = plan.joinTasks().get(index);
        Schema schema = plan.schema();
        try (ScratchDir scratch = Scratch.create(workDir, "j" + index)) {
            List<Partial> partials = new ArrayList<>();
            for (MergeTaskPlan.PartialKey p : plan.partials()) {
                partials.add(PartialCopies.open(store, p, scratch.path().resolve("partials"), 0, 0));
            }
            MergeInputs inputs = MergeInputs.validate(schema, partials);
            List<Path> ranges = new ArrayList<>();
            for (int p = 0; p < plan.partitionTasks().size(); p++) {
                Path file = scratch.path().resolve(String.format("p%05d.fsb", p));
                fetchRange(plan, index, p, file);
                ranges.add(file);
            }
            MergeStatistics stats = statistics.create(schema);
            ContentChecksum checksum = ContentChecksum.around(stats.observers());
            Path out = scratch.path().resolve("part.parquet");
            JoinedPart joined = MergeTasks.join(inputs, checksum, index, plan.buckets(), task.fromBucket(), task.toBucket(), ranges, out);
            for (Path r : ranges) {
                Files.deleteIfExists(r);
            }
            ObjectNode result = MergeTaskPlan.JSON.createObjectNode();
            result.put("task", index);
            result.put("rows", joined.rows());
            long bytes = 0;
            if (joined.rows() > 0) {
                String key = StagingKeys.dataFile(plan, index);
                bytes = Files.size(out);
                result.put("crc32c", DataFileCheck.crc32c(out));
                store.putFile(key, out);
                result.put("key", key);
                result.put("bytes", bytes);
            }
            ArrayNode buckets = result.putArray("rowGroupBuckets");
            joined.rowGroupBuckets().forEach(buckets::add);
            ArrayNode parts = result.putArray("checksum");
            for (long[] field : checksum.parts(schema)) {
                ArrayNode a = parts.addArray();
                for (long v : field) {
                    a.add(v);
                }
            }
            store.put(StagingKeys.sketches(plan, index), stats.sketches());
            // the result last: finalize takes its presence as the task's completion
            store.put(StagingKeys.joined(plan, index), MergeTaskPlan.JSON.writeValueAsBytes(result));
            LOG.info("merge join task done run={} task={} buckets=[{},{}) rows={} bytes={} ms={}", plan.runId(), index, task.fromBucket(),
                    task.toBucket(), joined.rows(), bytes, (System.nanoTime() - start) / 1_000_000);
            return new Result(index, joined.rows(), bytes);
        } catch (IOException e) {
            throw new StorageException("Cannot run join task " + index + " of run " + plan.runId() + ": " + e.getMessage(), e);
        }
    }
}
