package dev.featurestore.distmerge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.calculate.MergedVersion;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.merge.MergeStatistics;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of a distributed merge before the calculation publishes: checks every task finished (all
 * partition results, all join results) and that the rows add up, then combines the join tasks' results into
 * the version's data files, lookup index, statistics (sketches merged in task order) and content checksum (parts
 * added): the same dataset, checksum and statistics as a single-machine merge of the same partials.
 */
public final class MergeFinalizer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MergeFinalizer.class);
    private final ObjectStore store;
    private final MergeStatistics.Factory statistics;
    private final Path workDir;

    public MergeFinalizer(ObjectStore store, MergeStatistics.Factory statistics, Path workDir) {
        this.store = store;
        this.statistics = statistics;
        this.workDir = workDir;
    }

    public MergedVersion collect(MergeTaskPlan plan, Map<String, Long> timings) {
        long start = System.nanoTime();
        Schema schema = plan.schema();
        long partitioned = 0;
        long staged = 0;
        for (int p = 0; p < plan.partitionTasks().size(); p++) {
            JsonNode r = result(StagingKeys.partitioned(plan, p), "partition", p, plan);
            staged += r.path("stagedBytes").asLong();
            long expected = plan.partitionTasks().get(p).rows();
            if (r.path("rows").asLong(-1) != expected) {
                throw new DataException("Cannot finalize the merge of run " + plan.runId() + ": partition task " + p + " read "
                        + r.path("rows").asLong(-1) + " rows, its row groups hold " + expected);
            }
            partitioned += expected;
        }
        if (partitioned != plan.rows()) {
            throw new DataException("Cannot finalize the merge of run " + plan.runId() + ": the partition tasks read " + partitioned
                    + " rows of " + plan.rows());
        }
        long rows = 0;
        List<Manifest.DataFile> files = new ArrayList<>();
        List<List<Integer>> rowGroupBuckets = new ArrayList<>();
        List<long[][]> checksums = new ArrayList<>();
        List<byte[]> sketches = new ArrayList<>();
        for (int j = 0; j < plan.joinTasks().size(); j++) {
            JsonNode r = result(StagingKeys.joined(plan, j), "join", j, plan);
            long joined = r.path("rows").asLong();
            rows += joined;
            if (joined > 0) {
                files.add(new Manifest.DataFile(r.path("key").asText(), joined, r.path("bytes").asLong(),
                        Optional.of(r.path("crc32c").asText()), Optional.empty()));
                List<Integer> buckets = new ArrayList<>();
                r.path("rowGroupBuckets").forEach(b -> buckets.add(b.asInt()));
                rowGroupBuckets.add(buckets);
            }
            checksums.add(checksumParts(r, schema, plan, j));
            String sketchKey = StagingKeys.sketches(plan, j);
            int task = j;
            sketches.add(store.get(sketchKey).orElseThrow(() -> new DataException("Cannot finalize the merge of run " + plan.runId()
                    + ": the statistics of join task " + task + " are missing (" + store.uri(sketchKey) + ")")));
        }
        if (files.isEmpty()) {
            files.add(emptyFile(plan, schema));
            rowGroupBuckets.add(List.of());
        }
        JsonNode stats;
        try {
            stats = statistics.combine(schema, sketches);
        } catch (IllegalArgumentException e) {
            throw new DataException("Cannot finalize the merge of run " + plan.runId() + ": " + e.getMessage(), e);
        }
        String checksum = ContentChecksum.value(schema, rows, checksums);
        Map<String, Long> all = new LinkedHashMap<>(timings);
        all.put("finalize", (System.nanoTime() - start) / 1_000_000);
        LOG.info("merge finalized run={} rows={} partition_tasks={} join_tasks={} staged_bytes={}", plan.runId(), rows,
                plan.partitionTasks().size(), plan.joinTasks().size(), staged);
        return new MergedVersion(rows, files, Optional.of(new Manifest.LookupIndex(BucketLayout.HASH, plan.buckets(), rowGroupBuckets)),
                stats, checksum, all);
    }

    private JsonNode result(String key, String kind, int task, MergeTaskPlan plan) {
        byte[] bytes = store.get(key).orElseThrow(() -> new DataException("Cannot finalize the merge of run " + plan.runId() + ": "
                + kind + " task " + task + " did not finish (" + store.uri(key) + " is missing)"));
        try {
            return MergeTaskPlan.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new DataException("Cannot finalize the merge of run " + plan.runId() + ": the result of " + kind + " task " + task
                    + " is not JSON (" + e.getMessage() + ")", e);
        }
    }

    private static long[][] checksumParts(JsonNode r, Schema schema, MergeTaskPlan plan, int task) {
        JsonNode parts = r.path("checksum");
        if (!parts.isArray() || parts.size() != schema.fields().size()) {
            throw new DataException("Cannot finalize the merge of run " + plan.runId() + ": join task " + task
                    + " has no checksum for every field");
        }
        long[][] result = new long[parts.size()][3];
        for (int f = 0; f < result.length; f++) {
            for (int k = 0; k < 3; k++) {
                result[f][k] = parts.get(f).path(k).asLong();
            }
        }
        return result;
    }

    /** An empty result still gets one file, so the schema is there to read (as the single-machine merge does). */
    private Manifest.DataFile emptyFile(MergeTaskPlan plan, Schema schema) {
        try (ScratchDir scratch = Scratch.create(workDir, "finalize")) {
            Path file = scratch.path().resolve("part.parquet");
            ParquetRowWriter.create(file, schema).close();
            String key = StagingKeys.dataFile(plan, 0);
            String crc = DataFileCheck.crc32c(file);
            store.putFile(key, file);
            return new Manifest.DataFile(key, 0, Files.size(file), Optional.of(crc), Optional.empty());
        } catch (IOException e) {
            throw new StorageException("Cannot write the empty data file of run " + plan.runId() + ": " + e.getMessage(), e);
        }
    }
}
