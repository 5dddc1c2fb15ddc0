package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.distmerge.JoinTaskRun;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.version.ManifestStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One join task of a distributed merge (an iteration of the Join Distributed Map): joins its bucket range into
 * one data file of the unpublished version, with its checksum parts and statistics sketches.
 */
public final class JoinHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public JoinHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public JoinHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            MergeTaskPlan plan = MergeTaskEvents.plan(runtime, event);
            JoinTaskRun.Result r = new JoinTaskRun(runtime.store(), runtime.settings().workDir(), ManifestStats.COLLECTED)
                    .run(plan, MergeTaskEvents.task(event));
            ObjectNode result = StepEvents.JSON.createObjectNode();
            result.put("task", r.task());
            result.put("rows", r.rows());
            result.put("bytes", r.bytes());
            return result;
        });
    }
}
