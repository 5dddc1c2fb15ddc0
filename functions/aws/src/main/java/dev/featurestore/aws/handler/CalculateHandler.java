package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.FunctionTask;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.version.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Step 2, once per function (a Map iteration): {@code {"group", "org", "runId", "version", "function"}} →
 * the function's partial in staging, and its outcome {@code {"function", "rows", "durationMs", "queries",
 * "queryIds"}} for the manifest.
 */
public final class CalculateHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public CalculateHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public CalculateHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            Optional<String> reproduce = Reproductions.of(event);
            ResolvedGroup group = reproduce.isPresent() ? Reproductions.recordedGroup(runtime, event, reproduce.get())
                    : runtime.resolve(StepEvents.text(event, "group"), StepEvents.text(event, "org"));
            String runId = StepEvents.text(event, "runId");
            String function = StepEvents.text(event, "function");
            FunctionTask task = new FunctionTask(group, group.function(function), runId, StepEvents.text(event, "version"),
                    Layout.partial(group.group(), group.org(), runId, function));
            return StepEvents.outcome(runtime.functionRunner().runQuietly(task));
        });
    }
}
