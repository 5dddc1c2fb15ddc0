package dev.featurestore.aws.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.version.VersionIds;
import dev.featurestore.run.RunState;
import dev.featurestore.version.RunRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The API's runs on AWS: {@code POST /groups/{group}/runs} starts an execution of the materialization state
 * machine with {@code {"group", "org"}} (as the schedules do), named with a run id ({@code 20261124T031500Z-3f9a},
 * {@link VersionIds}: the API's name rule for {@code {run}}, and a valid execution name); the name is the run's handle for {@code GET /groups/{group}/runs/{run}}, which describes the execution. The version is
 * known once the execution succeeded (the Merge step's output).
 */
public final class StepFunctionsRuns implements RunLauncher {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Step Functions' execution names: at most 80 of these characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final SfnClient sfn;
    private final Optional<String> stateMachineArn;
    private final VersionIds ids;

    public StepFunctionsRuns(SfnClient sfn, Optional<String> stateMachineArn, VersionIds ids) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.ids = ids;
    }

    /** Starts a run of {@code config} for {@code org}; its state right after the start. */
    @Override
    public RunState start(GroupConfig config, String org) {
        String group = config.name();
        String arn = stateMachine();
        String name = ids.next();
        String input = JSON.createObjectNode().put("group", group).put("org", org).toString();
        try {
            StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(arn).name(name).input(input));
            return new RunState(group, org, name, Optional.empty(), RunRecord.Status.RUNNING,
                    Optional.of(started.startDate().toString()), Optional.empty(), Optional.empty(), OptionalInt.empty(),
                    OptionalInt.empty());
        } catch (ExecutionAlreadyExistsException e) {
            throw new ConflictException("Cannot start a run of group '" + group + "' for org '" + org + "': execution " + name
                    + " already exists (try again)", e);
        } catch (SdkException e) {
            throw new StorageException("Cannot start a run of group '" + group + "' for org '" + org + "': Step Functions said "
                    + e.getMessage(), e);
        }
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
        if (!NAME.matcher(name).matches()) {
            throw notFound;
        }
        String arn = stateMachine();
        DescribeExecutionResponse e;
        try {
            e = sfn.describeExecution(b -> b.executionArn(executionArn(arn, name)));
        } catch (ExecutionDoesNotExistException ex) {
            throw notFound;
        } catch (SdkException ex) {
            throw new StorageException("Cannot read run '" + name + "': Step Functions said " + ex.getMessage(), ex);
        }
        JsonNode input = parse(e.input());
        String org = input.path("org").asText("");
        if (!group.equals(input.path("group").asText()) || !readable.test(org) || input.has("reproduce")) {
            throw notFound; // a reproduction's execution is not a run (GET .../reproductions/{id} answers it)
        }
        Optional<String> version = Optional.ofNullable(parse(e.output()).path("version").textValue());
        Optional<String> stopped = Optional.ofNullable(e.stopDate()).map(Instant::toString);
        ExecutionStatus status = e.status();
        RunRecord.Status runStatus = switch (status) {
            case RUNNING, PENDING_REDRIVE -> RunRecord.Status.RUNNING;
            case SUCCEEDED -> RunRecord.Status.SUCCEEDED;
            default -> RunRecord.Status.FAILED;
        };
        Optional<String> reason = runStatus != RunRecord.Status.FAILED ? Optional.empty()
                : Optional.of("execution " + status + Optional.ofNullable(e.error()).map(x -> ": " + x).orElse("")
                        + Optional.ofNullable(e.cause()).map(x -> " (" + x + ")").orElse("")
                        + "; GET /groups/" + group + "/runs?org=" + org + " shows the reason the run recorded");
        return new RunState(group, org, name, version, runStatus, Optional.of(e.startDate().toString()), stopped, reason,
                OptionalInt.empty(), OptionalInt.empty());
    }

    private String stateMachine() {
        return stateMachineArn.orElseThrow(() -> new ConfigException("Cannot start or read runs: STATE_MACHINE_ARN is not set "
                + "(the infra stack sets it on the query function)"));
    }

    /** {@code arn:aws:states:r:a:stateMachine:M} → {@code arn:aws:states:r:a:execution:M:name}. */
    static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
