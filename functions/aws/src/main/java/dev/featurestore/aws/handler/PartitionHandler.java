package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.PartitionTaskRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One partition task of a distributed merge (an iteration of the Partition Distributed Map): reads its row
 * groups of one partial by ranged GETs and stores the bucket-range objects for the join tasks.
 */
public final class PartitionHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public PartitionHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public PartitionHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            MergeTaskPlan plan = MergeTaskEvents.plan(runtime, event);
            PartitionTaskRun.Result r = new PartitionTaskRun(runtime.store(), runtime.settings().workDir()).run(plan, MergeTaskEvents.task(event));
            ObjectNode result = StepEvents.JSON.createObjectNode();
            result.put("task", r.task());
            result.put("rows", r.rows());
            result.put("stagedBytes", r.stagedBytes());
            return result;
        });
    }
}
