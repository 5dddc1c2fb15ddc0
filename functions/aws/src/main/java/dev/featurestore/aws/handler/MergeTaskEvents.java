package dev.featurestore.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.MergeTaskPlanner;
import dev.featurestore.error.UsageException;

/** The event of one Distributed Map iteration: {@code {"group", "org", "runId", "version", "task"}}. */
final class MergeTaskEvents {
    private MergeTaskEvents() {
    }

    static MergeTaskPlan plan(AwsRuntime runtime, JsonNode event) {
        return MergeTaskPlanner.read(runtime.store(), StepEvents.text(event, "group"), StepEvents.text(event, "org"),
                StepEvents.text(event, "runId"));
    }

    static int task(JsonNode event) {
        JsonNode t = event.get("task");
        if (t == null || !t.isInt() || t.asInt() < 0) {
            throw new UsageException("Cannot read event: \"task\" must be the task's number (0 or more), not " + t);
        }
        return t.asInt();
    }
}
