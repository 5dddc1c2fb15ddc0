package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.RunPlan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Catch path: the state as it was when a step failed, with Step Functions' {@code "error": {"Error",
 * "Cause"}} → the run recorded as failed, its staging deleted, the lock released. The current version is
 * untouched. When Plan itself failed there is no run to record.
 */
public final class FailureHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    /** EventBridge's event for an execution that ended without its Catch path (TIMED_OUT, ABORTED). */
    static final String STATUS_CHANGE = "Step Functions Execution Status Change";

    public FailureHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public FailureHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            if (event.path("detail-type").asText().equals(STATUS_CHANGE)) {
                return abandoned(event.path("detail"));
            }
            JsonNode error = event.path("error");
            String reason = error.path("Error").asText("unknown error") + ": " + error.path("Cause").asText("no cause given");
            ObjectNode result = StepEvents.JSON.createObjectNode().put("status", "FAILED").put("reason", reason);
            if (Reproductions.of(event).isPresent()) {
                return scratchFailed(event, result);
            }
            if (event.hasNonNull("runId") && event.hasNonNull("configHash")) {
                RunPlan plan = event.has("functions") ? StepEvents.readPlan(event) : new RunPlan(StepEvents.text(event, "group"),
                        StepEvents.text(event, "org"), StepEvents.text(event, "runId"), StepEvents.text(event, "version"),
                        StepEvents.text(event, "configHash"), event.path("startedAt").asText(""), List.of());
                runtime.calculation(runtime.group(plan.group())).fail(plan, Calculation.functionNamedIn(reason, plan.functions()), reason);
                result.setAll(StepEvents.header(plan.group(), plan.org(), plan.runId(), plan.version()));
            }
            return result;
        });
    }

    /**
     * A reproduction's step failed: there is no run record or lock, only its staged partials to delete; the reason
     * stays the execution's (what {@code GET .../reproductions/{id}} answers).
     */
    private JsonNode scratchFailed(JsonNode event, ObjectNode result) {
        if (event.hasNonNull("runId")) {
            RunPlan plan = new RunPlan(StepEvents.text(event, "group"), StepEvents.text(event, "org"), StepEvents.text(event, "runId"),
                    StepEvents.text(event, "version"), "", "", List.of());
            runtime.calculation(runtime.group(plan.group())).discardScratch(plan);
            result.setAll(StepEvents.header(plan.group(), plan.org(), plan.runId(), plan.version()));
        }
        return result.put(Reproductions.MEMBER, Reproductions.of(event).orElseThrow());
    }

    /** An execution that timed out or was aborted: fail the run it left holding the lock, if any. */
    private JsonNode abandoned(JsonNode detail) {
        JsonNode input;
        try {
            input = StepEvents.read(new ByteArrayInputStream(detail.path("input").asText("{}").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String group = StepEvents.text(input, "group");
        String org = StepEvents.text(input, "org");
        if (Reproductions.of(input).isPresent()) {
            // a reproduction holds no lock: the lock's holder, if any, is a normal run's and must be left alone
            return StepEvents.JSON.createObjectNode().put("status", "FAILED").put("group", group).put("org", org)
                    .put(Reproductions.MEMBER, Reproductions.of(input).get()).putNull("runId");
        }
        String status = detail.path("status").asText("STOPPED");
        Instant start = Instant.ofEpochMilli(detail.path("startDate").asLong(0));
        Instant stop = detail.hasNonNull("stopDate") ? Instant.ofEpochMilli(detail.path("stopDate").asLong()) : Instant.now();
        String reason = "States." + (status.equals("TIMED_OUT") ? "Timeout" : status) + ": execution "
                + detail.path("executionArn").asText("?") + " ended " + status + " without reaching the Catch path";
        Optional<String> run = runtime.calculation(runtime.group(group)).failAbandoned(group, org, start, stop, reason);
        ObjectNode result = StepEvents.JSON.createObjectNode().put("status", "FAILED").put("reason", reason);
        result.put("group", group).put("org", org);
        run.ifPresentOrElse(r -> result.put("runId", r), () -> result.putNull("runId"));
        return result;
    }
}
