package dev.featurestore.calculate;

import java.util.List;

/**
 * A planned run of a group for one org: its ids, the config hash it was planned with, and its functions. On
 * AWS it is the Plan step's output, passed to every Calculate invocation and to the Merge step.
 */
public record RunPlan(String group, String org, String runId, String version, String configHash, String startedAt,
                      List<String> functions) {
    public RunPlan {
        functions = List.copyOf(functions);
    }
}
