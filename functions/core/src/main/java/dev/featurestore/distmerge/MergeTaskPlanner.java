package dev.featurestore.distmerge;

import dev.featurestore.error.DataException;
import dev.featurestore.merge.MergeInputs;
import dev.featurestore.merge.Partial;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a distributed merge from the run's partials in the store: reads only their footers, validates them as
 * the single-machine merge does (so a bad partial fails before any task starts), and cuts the work into
 * partition tasks (row-group ranges of one partial) and join tasks (bucket ranges). The bucket count is the
 * single-machine merge's for the same rows, so both give the same lookup layout.
 */
public final class MergeTaskPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(MergeTaskPlanner.class);

    private final ObjectStore store;
    private final TaskSizing sizing;

    public MergeTaskPlanner(ObjectStore store, TaskSizing sizing) {
        this.store = store;
        this.sizing = sizing;
    }

    /** The run whose partials to merge: its ids and the functions whose partials it wrote. */
    public record Run(String group, String org, String runId, String version, List<String> functions) {
        public Run {
            functions = List.copyOf(functions);
        }
    }

    /** Plans the merge of {@code run}'s partials into {@code schema}; does not write the plan. */
    public MergeTaskPlan plan(Run run, Schema schema, Path workDir) {
        Map<String, Long> sizes = new HashMap<>();
        store.listWithSizes(Layout.stagingRun(run.group(), run.org(), run.runId())).forEach(l -> sizes.put(l.key(), l.bytes()));
        List<MergeTaskPlan.PartialKey> keys = new ArrayList<>();
        for (String fn : run.functions()) {
            String key = Layout.partial(run.group(), run.org(), run.runId(), fn);
            Long bytes = sizes.get(key);
            if (bytes == null) {
                throw new DataException("Cannot merge run " + run.runId() + " of group '" + run.group() + "' for org '" + run.org()
                        + "': the partial of function '" + fn + "' is missing (" + store.uri(key) + "; the function did not write it — see its log)");
            }
            keys.add(new MergeTaskPlan.PartialKey(fn, key, bytes));
        }
        try (ScratchDir scratch = Scratch.create(workDir, "plan-" + run.runId())) {
            List<Partial> partials = new ArrayList<>();
            for (MergeTaskPlan.PartialKey k : keys) {
                partials.add(PartialCopies.open(store, k, scratch.path(), 0, 0));
            }
            MergeInputs inputs = MergeInputs.validate(schema, partials);
            long rows = inputs.rows();
            int buckets = MergeInputs.bucketsFor(rows);
            List<MergeTaskPlan.PartitionTask> partitions = new ArrayList<>();
            for (int p = 0; p < inputs.partials(); p++) {
                try (ParquetFile f = ParquetFile.open(partials.get(p).file(), "partial '" + keys.get(p).function() + "'")) {
                    partitions.addAll(partitionTasks(p, f));
                }
            }
            List<MergeTaskPlan.JoinTask> joins = joinTasks(rows, buckets);
            MergeTaskPlan plan = new MergeTaskPlan(run.group(), run.org(), run.runId(), run.version(), MergeTaskPlan.columns(schema), keys,
                    rows, buckets, partitions, joins);
            LOG.info("merge planned group={} org={} run={} rows={} buckets={} partition_tasks={} join_tasks={}", run.group(), run.org(),
                    run.runId(), rows, buckets, partitions.size(), joins.size());
            return plan;
        }
    }

    /** Writes the plan where every task reads it. */
    public void write(MergeTaskPlan plan) {
        store.put(StagingKeys.plan(plan.group(), plan.org(), plan.runId()), plan.toJson());
    }

    /** The plan of a run, as the planner wrote it. */
    public static MergeTaskPlan read(ObjectStore store, String group, String org, String runId) {
        String key = StagingKeys.plan(group, org, runId);
        byte[] bytes = store.get(key).orElseThrow(() -> new DataException("Cannot run a merge task of run " + runId + ": its plan "
                + store.uri(key) + " is missing (plan the merge first)"));
        return MergeTaskPlan.fromJson(bytes, store.uri(key));
    }

    private List<MergeTaskPlan.PartitionTask> partitionTasks(int partial, ParquetFile f) {
        List<MergeTaskPlan.PartitionTask> tasks = new ArrayList<>();
        int from = 0;
        long rows = 0;
        for (int g = 0; g < f.rowGroupCount(); g++) {
            rows += f.rowGroupRows(g);
            boolean last = g == f.rowGroupCount() - 1;
            if (rows >= sizing.rowsPerPartitionTask() || last) {
                if (rows > 0) {
                    long start = Long.MAX_VALUE;
                    long end = 0;
                    for (int k = from; k <= g; k++) {
                        long[] extent = f.rowGroupExtent(k);
                        if (extent[1] > extent[0]) { // an empty row group may have no column chunks
                            start = Math.min(start, extent[0]);
                            end = Math.max(end, extent[1]);
                        }
                    }
                    tasks.add(new MergeTaskPlan.PartitionTask(partial, from, g + 1, Math.min(start, end), end, rows));
                }
                from = g + 1;
                rows = 0;
            }
        }
        return tasks;
    }

    private List<MergeTaskPlan.JoinTask> joinTasks(long rows, int buckets) {
        int count = (int) Math.max(1, Math.min(buckets, (rows + sizing.rowsPerJoinTask() - 1) / sizing.rowsPerJoinTask()));
        List<MergeTaskPlan.JoinTask> tasks = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            tasks.add(new MergeTaskPlan.JoinTask((int) ((long) buckets * j / count), (int) ((long) buckets * (j + 1) / count)));
        }
        return tasks;
    }
}
