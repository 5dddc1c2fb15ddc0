package dev.featurestore.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.ids.Identifier;
import dev.featurestore.reproduce.Reproduction;
import dev.featurestore.version.Manifest;
import java.util.Optional;

/**
 * The state machine in reproduce mode (docs/aws.md): an execution whose input has {@code "reproduce": VERSION}
 * rebuilds that version as a scratch run. Plan plans it from the version's recorded lineage (no lock, no run
 * record) and marks its output and every Map item with {@code reproduce}; Calculate runs the recorded functions;
 * Merge merges and compares instead of publishing, and returns the report; Failure only deletes its staging.
 */
final class Reproductions {
    static final String MEMBER = "reproduce";

    private Reproductions() {
    }

    /** The version an event reproduces, when it is a reproduction's. */
    static Optional<String> of(JsonNode event) {
        return event.hasNonNull(MEMBER) ? Optional.of(Identifier.VERSION.require("read event", StepEvents.text(event, MEMBER)))
                : Optional.empty();
    }

    static Manifest recorded(AwsRuntime runtime, JsonNode event, String version) {
        return runtime.versions().manifest(StepEvents.text(event, "group"), StepEvents.text(event, "org"), version);
    }

    /** The group as the version recorded it (a ConflictException when its manifest records no lineage). */
    static ResolvedGroup recordedGroup(AwsRuntime runtime, JsonNode event, String version) {
        return Reproduction.groupOf(recorded(runtime, event, version));
    }

    /** Marks the plan and each of its Map items as the reproduction of {@code version}. */
    static ObjectNode mark(ObjectNode plan, String version) {
        plan.put(MEMBER, version);
        plan.path("functions").forEach(item -> ((ObjectNode) item).put(MEMBER, version));
        return plan;
    }
}
