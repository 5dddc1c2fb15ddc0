package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Step 3: the plan plus {@code "outcomes"} (the Map's results) → merge the partials, write the version's
 * files and manifest, evolve the Glue table, add the partition, publish, clean staging. On failure nothing is
 * published (the current version is unchanged), the run is recorded as failed and the lock released.
 */
public final class MergeHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public MergeHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public MergeHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            RunPlan plan = StepEvents.readPlan(event);
            GroupConfig group = runtime.group(plan.group());
            Manifest m = runtime.calculation(group).complete(plan, group.forOrg(plan.org()), StepEvents.readOutcomes(event));
            ObjectNode result = StepEvents.header(m.group(), m.org(), m.runId(), m.version());
            result.put("rows", m.rowCount());
            result.put("files", m.files().size());
            result.put("published", true);
            return result;
        });
    }
}
