package dev.featurestore.run;

import dev.featurestore.version.RunRecord;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the API says about one run, whichever runtime runs it: locally a {@link RunRecord} plus the functions
 * done so far; on AWS a Step Functions execution (whose name is the run's handle; the version is known once it
 * succeeded).
 */
public record RunState(String group, String org, String run, Optional<String> version, RunRecord.Status status,
                       Optional<String> startedAt, Optional<String> finishedAt, Optional<String> reason,
                       OptionalInt functionsTotal, OptionalInt functionsDone) {

    public static RunState of(RunRecord r, OptionalInt functionsTotal, OptionalInt functionsDone) {
        return new RunState(r.group(), r.org(), r.runId(), Optional.of(r.version()), r.status(), Optional.of(r.startedAt()),
                r.finishedAt(), r.reason(), functionsTotal, functionsDone);
    }
}
