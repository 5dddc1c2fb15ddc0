package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.runtime.MergeSettings;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.MergeTaskPlanner;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Between Calculate and the merge: the plan plus {@code "outcomes"} → the same object plus {@code "merge"}: the
 * planned size from the partials' footers (validated as the merge validates them) and the choice. Distributed:
 * the task plan is written to the run's staging and {@code merge.partitionTasks} / {@code merge.joinTasks} are
 * the task numbers the Distributed Map states iterate over; otherwise the Merge function merges alone, as it
 * always does for a reproduction (it rebuilds without publishing).
 */
public final class MergePlanHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;
    private final MergeSettings settings;

    public MergePlanHandler() {
        this(AwsRuntime.fromEnvironment(), MergeSettings.fromEnvironment());
    }

    public MergePlanHandler(AwsRuntime runtime, MergeSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            RunPlan plan = StepEvents.readPlan(event);
            StepEvents.readOutcomes(event);
            if (Reproductions.of(event).isPresent()) {
                // a reproduction rebuilds in the Merge function and never publishes: Finalize must not run for it
                ObjectNode result = ((ObjectNode) event).deepCopy();
                result.putObject("merge").put("distributed", false);
                return result;
            }
            Schema schema = runtime.resolve(plan.group(), plan.org()).fields();
            MergeTaskPlanner planner = new MergeTaskPlanner(runtime.store(), settings.sizing());
            MergeTaskPlan tasks = planner.plan(new MergeTaskPlanner.Run(plan.group(), plan.org(), plan.runId(), plan.version(),
                    plan.functions()), schema, runtime.settings().workDir());
            boolean distributed = settings.choice().distribute(tasks.rows(), schema.fields().size());
            ObjectNode result = ((ObjectNode) event).deepCopy();
            ObjectNode merge = result.putObject("merge");
            merge.put("distributed", distributed);
            merge.put("rows", tasks.rows());
            merge.put("cells", MergeChoice.cells(tasks.rows(), schema.fields().size()));
            if (distributed) {
                planner.write(tasks);
                ArrayNode partitions = merge.putArray("partitionTasks");
                for (int i = 0; i < tasks.partitionTasks().size(); i++) {
                    partitions.add(i);
                }
                ArrayNode joins = merge.putArray("joinTasks");
                for (int i = 0; i < tasks.joinTasks().size(); i++) {
                    joins.add(i);
                }
            }
            return result;
        });
    }
}
