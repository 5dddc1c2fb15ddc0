package dev.featurestore.distmerge;

/**
 * How big the tasks of a distributed merge are, in input rows (summed over partials): a partition task reads
 * whole row groups up to {@code rowsPerPartitionTask} (at least one row group), a join task joins buckets
 * holding about {@code rowsPerJoinTask}. The defaults keep one Lambda task well inside 15 minutes and its /tmp.
 */
public record TaskSizing(long rowsPerPartitionTask, long rowsPerJoinTask) {
    public static final TaskSizing LAMBDA = new TaskSizing(10_000_000, 10_000_000);

    public TaskSizing {
        if (rowsPerPartitionTask < 1 || rowsPerJoinTask < 1) {
            throw new IllegalArgumentException("Cannot size merge tasks with " + rowsPerPartitionTask + " and " + rowsPerJoinTask
                    + " rows (need at least 1 each)");
        }
    }
}
