package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.distmerge.MergeFinalizer;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.MergeTaskPlanner;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The end of a distributed merge: the MergePlan step's output (plan, outcomes, merge) → every task's result
 * collected (all must have finished), statistics and checksum combined, then as Merge: files checked, manifest,
 * Glue, publish, staging cleaned. On failure nothing is published and the run is recorded as failed.
 */
public final class FinalizeHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public FinalizeHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public FinalizeHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            RunPlan plan = StepEvents.readPlan(event);
            GroupConfig group = runtime.group(plan.group());
            MergeFinalizer finalizer = new MergeFinalizer(runtime.store(), ManifestStats.COLLECTED, runtime.settings().workDir());
            Manifest m = runtime.calculation(group).completeMerged(plan, group.forOrg(plan.org()), StepEvents.readOutcomes(event), () -> {
                MergeTaskPlan tasks = MergeTaskPlanner.read(runtime.store(), plan.group(), plan.org(), plan.runId());
                return finalizer.collect(tasks, Map.of());
            });
            return StepEvents.published(m);
        });
    }
}
