package dev.featurestore.version;

import java.util.Optional;

/**
 * The record of one calculation run, kept under {@code runs/}: running, succeeded or failed (with why, and the
 * function that failed when one did). Times are ISO-8601 instants.
 */
public record RunRecord(String runId, String group, String org, String version, Status status, String startedAt,
                        Optional<String> finishedAt, Optional<String> reason, Optional<String> failedFunction) {

    public enum Status { RUNNING, SUCCEEDED, FAILED }

    public RunRecord {
        finishedAt = finishedAt == null ? Optional.empty() : finishedAt;
        reason = reason == null ? Optional.empty() : reason;
        failedFunction = failedFunction == null ? Optional.empty() : failedFunction;
    }

    /** A run that has just started. */
    public static RunRecord running(String runId, String group, String org, String version, String startedAt) {
        return new RunRecord(runId, group, org, version, Status.RUNNING, startedAt, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RunRecord finished(Status status, String at, Optional<String> reason, Optional<String> failedFunction) {
        return new RunRecord(runId, group, org, version, status, startedAt, Optional.of(at), reason, failedFunction);
    }
}
