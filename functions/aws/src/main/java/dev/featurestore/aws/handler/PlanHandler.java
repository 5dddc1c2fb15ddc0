package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.config.GroupConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Step 1 of a calculation: {@code {"group", "org"}} → the run's ids, the run lock, and the functions to run
 * (objects, one per Map iteration). Unknown group or org: NotFoundException; a run in progress: ConflictException.
 * With {@code "reproduce": VERSION} it plans a scratch run of the version's recorded group instead ({@link Reproductions}).
 */
public final class PlanHandler implements RequestStreamHandler {
    private final AwsRuntime runtime;

    public PlanHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public PlanHandler(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        StepEvents.handle(in, out, context, event -> {
            GroupConfig group = runtime.group(StepEvents.text(event, "group"));
            Optional<String> reproduce = Reproductions.of(event);
            if (reproduce.isPresent()) {
                RunPlan scratch = runtime.calculation(group).planScratch(Reproductions.recordedGroup(runtime, event, reproduce.get()));
                return Reproductions.mark(StepEvents.plan(scratch), reproduce.get());
            }
            RunPlan plan = runtime.calculation(group).plan(group.forOrg(StepEvents.text(event, "org")));
            return StepEvents.plan(plan);
        });
    }
}
