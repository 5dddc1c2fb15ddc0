package dev.featurestore.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.version.VersionIds;
import dev.featurestore.run.RunState;
import dev.featurestore.version.RunRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The API's runs on AWS: {@code POST /groups/{group}/runs} starts an execution of the materialization state
 * machine with {@code {"group", "org"}} (as the schedules do), named with a run id ({@code 20261124T031500Z-3f9a},
 * {@link VersionIds}: the API's name rule for {@code {run}}, and a valid execution name); the name is the run's handle for {@code GET /groups/{group}/runs/{run}}, which describes the execution. The version is
 * known once the execution succeeded (the Merge step's output).
 */
public final class StepFunctionsRuns implements RunLauncher {
    private final Executions executions;

    public StepFunctionsRuns(SfnClient sfn, Optional<String> stateMachineArn, VersionIds ids) {
        this.executions = new Executions(sfn, stateMachineArn, ids, "run");
    }

    /** Starts a run of {@code config} for {@code org}; its state right after the start. */
    @Override
    public RunState start(GroupConfig config, String org) {
        String group = config.name();
        Executions.Started started = executions.start(Executions.input().put("group", group).put("org", org),
                "Cannot start a run of group '" + group + "' for org '" + org + "': ");
        return new RunState(group, org, started.name(), Optional.empty(), RunRecord.Status.RUNNING, Optional.of(started.startedAt()),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /**
     * The execution {@code name} as a run of {@code config}; not found when it is not an execution of this state
     * machine for that group, or belongs to an org outside {@code readable} (other tenants' runs do not exist for
     * the caller).
     */
    @Override
    public RunState state(GroupConfig config, String name, Predicate<String> readable) {
        String group = config.name();
        NotFoundException notFound = new NotFoundException("Cannot find run '" + name + "' of group '" + group
                + "' (a run is the \"run\" answered by POST /groups/" + group + "/runs)");
        DescribeExecutionResponse e = executions.describe(name, notFound);
        JsonNode input = Executions.parse(e.input());
        String org = input.path("org").asText("");
        if (!group.equals(input.path("group").asText()) || !readable.test(org) || input.has("reproduce")) {
            throw notFound; // a reproduction's execution is not a run (GET .../reproductions/{id} answers it)
        }
        Optional<String> version = Optional.ofNullable(Executions.parse(e.output()).path("version").textValue());
        Optional<String> stopped = Optional.ofNullable(e.stopDate()).map(Instant::toString);
        RunRecord.Status runStatus = switch (e.status()) {
            case RUNNING, PENDING_REDRIVE -> RunRecord.Status.RUNNING;
            case SUCCEEDED -> RunRecord.Status.SUCCEEDED;
            default -> RunRecord.Status.FAILED;
        };
        Optional<String> reason = runStatus != RunRecord.Status.FAILED ? Optional.empty()
                : Optional.of(Executions.failure(e) + "; GET /groups/" + group + "/runs?org=" + org + " shows the reason the run recorded");
        return new RunState(group, org, name, version, runStatus, Optional.of(e.startDate().toString()), stopped, reason,
                OptionalInt.empty(), OptionalInt.empty());
    }
}
