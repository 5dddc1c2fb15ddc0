package dev.featurestore.version;

import java.util.Optional;

/** The record of one calculation run, kept under {@code runs/}: running, succeeded or failed (with why). */
public record RunRecord(String runId, String group, String org, String version, Status status, String startedAt,
                        Optional<String> finishedAt, Optional<String> reason) {

    public enum Status { RUNNING, SUCCEEDED, FAILED }

    public RunRecord finished(Status status, String at, Optional<String> reason) {
        return new RunRecord(runId, group, org, version, status, startedAt, Optional.of(at), reason);
    }
}
