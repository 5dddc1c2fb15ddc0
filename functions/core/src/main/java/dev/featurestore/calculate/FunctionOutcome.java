package dev.featurestore.calculate;

import java.util.List;

/** What a function run reports: rows written to its partial, time, and its inputs (queries, engine query ids). */
public record FunctionOutcome(String function, long rows, long durationMs, List<String> queries, List<String> queryIds) {
    public FunctionOutcome {
        queries = List.copyOf(queries);
        queryIds = List.copyOf(queryIds);
    }
}
