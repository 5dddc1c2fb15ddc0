package dev.featurestore.distmerge;

import dev.featurestore.version.Layout;

/** Where a distributed merge keeps its intermediate objects: under the run's staging, deleted with it. */
final class StagingKeys {
    private StagingKeys() {
    }

    static String prefix(String group, String org, String runId) {
        return Layout.stagingRun(group, org, runId) + "merge/";
    }

    static String plan(String group, String org, String runId) {
        return prefix(group, org, runId) + "plan.json";
    }

    /**
     * The bytes partition task {@code partition} spilled: one bucket-range file per join task, one after the
     * other (where each starts is in the task's result), so a partition task makes one PUT and a join task one
     * ranged GET per partition task.
     */
    static String buckets(MergeTaskPlan plan, int partition) {
        return prefix(plan.group(), plan.org(), plan.runId()) + String.format("buckets/p%05d.fsb", partition);
    }

    static String partitioned(MergeTaskPlan plan, int partition) {
        return prefix(plan.group(), plan.org(), plan.runId()) + String.format("partitioned/p%05d.json", partition);
    }

    static String joined(MergeTaskPlan plan, int join) {
        return prefix(plan.group(), plan.org(), plan.runId()) + String.format("joined/j%05d.json", join);
    }

    static String sketches(MergeTaskPlan plan, int join) {
        return prefix(plan.group(), plan.org(), plan.runId()) + String.format("joined/j%05d.sketches", join);
    }

    /** The version's data file a join task writes. */
    static String dataFile(MergeTaskPlan plan, int join) {
        return Layout.dataFile(plan.group(), plan.org(), plan.version(), String.format("part-%05d.parquet", join));
    }
}
