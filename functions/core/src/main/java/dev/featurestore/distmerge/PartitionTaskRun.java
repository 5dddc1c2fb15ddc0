package dev.featurestore.distmerge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.MergeInputs;
import dev.featurestore.merge.MergeTasks;
import dev.featurestore.merge.Partial;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 1 as a task: reads its row groups of one partial (only their bytes, from a remote store), partitions
 * them into the plan's buckets, and stores one object holding a bucket-range file per join task (one PUT), then a
 * small result object saying where each range starts.
 * Idempotent: a retried task writes the same keys again.
 */
public final class PartitionTaskRun {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionTaskRun.class);

    private final ObjectStore store;
    private final Path workDir;

    public PartitionTaskRun(ObjectStore store, Path workDir) {
        this.store = store;
        this.workDir = workDir;
    }

    /** What the task did: rows read and bytes it staged for the join tasks. */
    public record Result(int task, long rows, long stagedBytes) {
    }

    public Result run(MergeTaskPlan plan, int index) {
        if (index < 0 || index >= plan.partitionTasks().size()) {
            throw new IllegalArgumentException("Cannot run partition task " + index + " of run " + plan.runId() + ": the plan has "
                    + plan.partitionTasks().size());
        }
        long start = System.nanoTime();
        MergeTaskPlan.PartitionTask task = plan.partitionTasks().get(index);
        try (ScratchDir scratch = Scratch.create(workDir, "p" + index)) {
            List<Partial> partials = new ArrayList<>();
            for (int p = 0; p < plan.partials().size(); p++) {
                boolean mine = p == task.partial();
                partials.add(PartialCopies.open(store, plan.partials().get(p), scratch.path().resolve("partials"),
                        mine ? task.fromByte() : 0, mine ? task.toByte() : 0));
            }
            MergeInputs inputs = MergeInputs.validate(plan.schema(), partials);
            List<MergeTasks.RowGroup> groups = new ArrayList<>();
            for (int g = task.fromRowGroup(); g < task.toRowGroup(); g++) {
                groups.add(new MergeTasks.RowGroup(task.partial(), g));
            }
            Path spill = Files.createDirectories(scratch.path().resolve("spill"));
            MergeTasks.Partitioned partitioned = MergeTasks.partition(inputs, plan.buckets(), groups, spill);
            Path all = scratch.path().resolve("buckets.fsb");
            ObjectNode result = MergeTaskPlan.JSON.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode ranges = result.putArray("ranges");
            long staged = 0;
            try (FileChannel out = FileChannel.open(all, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int j = 0; j < plan.joinTasks().size(); j++) {
                    MergeTaskPlan.JoinTask join = plan.joinTasks().get(j);
                    Path range = scratch.path().resolve(String.format("j%05d.fsb", j));
                    partitioned.writeRange(join.fromBucket(), join.toBucket(), range);
                    long size = Files.size(range);
                    try (FileChannel in = FileChannel.open(range, StandardOpenOption.READ)) {
                        for (long at = 0; at < size; ) {
                            at += in.transferTo(at, size - at, out);
                        }
                    }
                    ranges.addArray().add(staged).add(size);
                    staged += size;
                    Files.delete(range);
                }
            }
            store.putFile(StagingKeys.buckets(plan, index), all);
            long rows = partitioned.rowsPerPartial()[task.partial()];
            result.put("task", index);
            result.put("rows", rows);
            result.put("stagedBytes", staged);
            store.put(StagingKeys.partitioned(plan, index), MergeTaskPlan.JSON.writeValueAsBytes(result));
            LOG.info("merge partition task done run={} task={} rows={} staged_bytes={} ms={}", plan.runId(), index, rows, staged,
                    (System.nanoTime() - start) / 1_000_000);
            return new Result(index, rows, staged);
        } catch (IOException e) {
            throw new StorageException("Cannot run partition task " + index + " of run " + plan.runId() + ": " + e.getMessage(), e);
        }
    }
}
