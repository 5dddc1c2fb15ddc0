package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.reproduce.Reproduction;
import dev.featurestore.run.ReproductionsJson;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Step 3: the plan plus {@code "outcomes"} (the Map's results) → merge the partials, write the version's
 * files and manifest, evolve the Glue table, add the partition, publish, clean staging. On failure nothing is
 * published (the current version is unchanged), the run is recorded as failed and the lock released. With
 * {@code "reproduce": VERSION} it merges the scratch run, compares it with that version and returns
 * {@code "report"} (docs/aws.md); nothing is written but the deletion of its staging.
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
            Optional<String> reproduce = Reproductions.of(event);
            if (reproduce.isPresent()) {
                return compare(plan, group, reproduce.get(), event);
            }
            Manifest m = runtime.calculation(group).complete(plan, group.forOrg(plan.org()), StepEvents.readOutcomes(event));
            return StepEvents.published(m);
        });
    }

    /** A reproduction: merge the scratch run (nothing published or kept) and compare it with the recorded version. */
    private JsonNode compare(RunPlan plan, GroupConfig group, String version, JsonNode event) {
        Manifest recorded = Reproductions.recorded(runtime, event, version);
        Manifest rebuilt = runtime.calculation(group).rebuild(plan, Reproduction.groupOf(recorded), StepEvents.readOutcomes(event));
        ReproduceReport report = Reproduction.compare(recorded, rebuilt, rebuilt.lineage().code());
        ObjectNode result = StepEvents.header(plan.group(), plan.org(), plan.runId(), plan.version());
        result.put(Reproductions.MEMBER, version);
        result.put("published", false);
        result.set("report", ReproductionsJson.report(report));
        return result;
    }
}
