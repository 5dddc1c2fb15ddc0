package dev.featurestore.aws.runtime;

import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.TaskSizing;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.UsageException;
import java.util.Map;

/**
 * How the workflow merges (environment of the MergePlan function, docs/aws.md):
 * <pre>
 * MERGE_MODE           auto (default): a Distributed Map of Lambda tasks above MERGE_CEILING_CELLS, else the Merge
 *                      function; single or distributed force one way
 * MERGE_CEILING_CELLS  planned input rows × fields above which auto distributes (default 465,000,000: one Merge
 *                      Lambda's ceiling, docs/cost.md)
 * MERGE_TASK_ROWS      input rows per partition and per join task (default 10,000,000)
 * </pre>
 */
public record MergeSettings(MergeChoice choice, TaskSizing sizing) {

    public static MergeSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static MergeSettings from(Map<String, String> variables) {
        EnvironmentVariables env = new EnvironmentVariables(variables);
        try {
            MergeChoice.Mode mode = MergeChoice.mode(env.get("MERGE_MODE", "auto"));
            long ceiling = env.number("MERGE_CEILING_CELLS", MergeChoice.LAMBDA_CEILING_CELLS);
            long rows = env.number("MERGE_TASK_ROWS", TaskSizing.LAMBDA.rowsPerPartitionTask());
            return new MergeSettings(new MergeChoice(mode, ceiling), new TaskSizing(rows, rows));
        } catch (UsageException | IllegalArgumentException e) {
            throw new ConfigException("Cannot start: " + e.getMessage(), e);
        }
    }
}
