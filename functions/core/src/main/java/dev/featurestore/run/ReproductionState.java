package dev.featurestore.run;

import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.version.RunRecord;
import java.util.Optional;

/**
 * What the API says about one reproduction of a version, whichever runtime runs it: RUNNING, then SUCCEEDED with
 * its {@link ReproduceReport} (identical or not: the rebuild itself succeeded) or FAILED with the reason the rebuild
 * could not finish.
 */
public record ReproductionState(String group, String org, String version, String reproduction, RunRecord.Status status,
                                Optional<String> startedAt, Optional<String> finishedAt, Optional<String> reason,
                                Optional<ReproduceReport> report) {
}
