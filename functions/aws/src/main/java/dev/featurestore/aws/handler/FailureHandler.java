package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.RunPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The Catch path: the state as it was when a step failed, with Step Functions' {@code "error": {"Error",
 * "Cause"}} → the run recorded as failed, its staging deleted, the lock released. The current version is
 * untouched. When Plan itself failed there is no run to record.
 */
public final class FailureHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public FailureHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public FailureHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            JsonNode error = event.path("error");
            String reason = error.path("Error").asText("unknown error") + ": " + error.path("Cause").asText("no cause given");
            ObjectNode result = StepEvents.JSON.createObjectNode().put("status", "FAILED").put("reason", reason);
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
}
