package dev.featurestore.distmerge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.MergeInputs;
import dev.featurestore.merge.MergeTasks;
import dev.featurestore.merge.Partial;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 1 as a task: reads its row groups of one partial (only their bytes, from a remote store), partitions
 * them into the plan's buckets, and stores one bucket-range object per join task, then a small result object.
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
            long staged = 0;
            for (int j = 0; j < plan.joinTasks().size(); j++) {
                MergeTaskPlan.JoinTask join = plan.joinTasks().get(j);
                Path range = scratch.path().resolve(String.format("j%05d.fsb", j));
                partitioned.writeRange(join.fromBucket(), join.toBucket(), range);
                staged += Files.size(range);
                store.putFile(StagingKeys.bucketRange(plan, j, index), range);
                Files.delete(range);
            }
            long rows = partitioned.rowsPerPartial()[task.partial()];
            ObjectNode result = MergeTaskPlan.JSON.createObjectNode();
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
