package dev.featurestore.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.run.ReproductionLauncher;
import dev.featurestore.run.ReproductionState;
import dev.featurestore.run.ReproductionsJson;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The API's reproductions on AWS: {@code POST /groups/{group}/versions/{version}/reproductions} starts an execution
 * of the materialization state machine with {@code {"group", "org", "reproduce": VERSION}} (reproduce mode: a
 * scratch run of the version's recorded lineage, compared by the Merge step, never published), named with a new
 * id; {@code GET .../reproductions/{id}} describes the execution and answers the Merge step's {@code report} once
 * it succeeded. The report lives in the execution's output (Step Functions keeps it 90 days): nothing else is kept.
 */
public final class StepFunctionsReproductions implements ReproductionLauncher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final Optional<String> stateMachineArn;
    private final VersionIds ids;

    public StepFunctionsReproductions(SfnClient sfn, Optional<String> stateMachineArn, VersionIds ids) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.ids = ids;
    }

    @Override
    public ReproductionState start(GroupConfig config, Manifest recorded) {
        String arn = stateMachine();
        String name = ids.next();
        String input = JSON.createObjectNode().put("group", recorded.group()).put("org", recorded.org())
                .put("reproduce", recorded.version()).toString();
        String what = "Cannot reproduce version '" + recorded.version() + "' of group '" + recorded.group() + "' for org '"
                + recorded.org() + "': ";
        try {
            StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(arn).name(name).input(input));
            return new ReproductionState(recorded.group(), recorded.org(), recorded.version(), name, RunRecord.Status.RUNNING,
                    Optional.of(started.startDate().toString()), Optional.empty(), Optional.empty(), Optional.empty());
        } catch (ExecutionAlreadyExistsException e) {
            throw new ConflictException(what + "execution " + name + " already exists (try again)", e);
        } catch (SdkException e) {
            throw new StorageException(what + "Step Functions said " + e.getMessage(), e);
        }
    }

    @Override
    public ReproductionState state(GroupConfig config, String version, String name, Predicate<String> readable) {
        String group = config.name();
        NotFoundException notFound = new NotFoundException("Cannot find reproduction '" + name + "' of version '" + version
                + "' of group '" + group + "' (a reproduction is the \"reproduction\" answered by POST /groups/" + group + "/versions/"
                + version + "/reproductions)");
        if (!StepFunctionsRuns.NAME.matcher(name).matches()) {
            throw notFound;
        }
        String arn = stateMachine();
        DescribeExecutionResponse e;
        try {
            e = sfn.describeExecution(b -> b.executionArn(StepFunctionsRuns.executionArn(arn, name)));
        } catch (ExecutionDoesNotExistException ex) {
            throw notFound;
        } catch (SdkException ex) {
            throw new StorageException("Cannot read reproduction '" + name + "': Step Functions said " + ex.getMessage(), ex);
        }
        JsonNode input = StepFunctionsRuns.parse(e.input());
        String org = input.path("org").asText("");
        if (!group.equals(input.path("group").asText()) || !version.equals(input.path("reproduce").asText()) || !readable.test(org)) {
            throw notFound;
        }
        Optional<String> stopped = Optional.ofNullable(e.stopDate()).map(Instant::toString);
        Optional<String> started = Optional.of(e.startDate().toString());
        return switch (e.status()) {
            case RUNNING, PENDING_REDRIVE -> new ReproductionState(group, org, version, name, RunRecord.Status.RUNNING, started, stopped,
                    Optional.empty(), Optional.empty());
            case SUCCEEDED -> {
                JsonNode report = StepFunctionsRuns.parse(e.output()).path("report");
                if (!report.isObject()) {
                    throw new StorageException("Cannot read reproduction '" + name + "': its execution succeeded without a report"
                            + " (the state machine's Merge step is older than reproduce mode; deploy again)");
                }
                ReproduceReport r = ReproductionsJson.readReport(group, org, version, report);
                yield new ReproductionState(group, org, version, name, RunRecord.Status.SUCCEEDED, started, stopped, Optional.empty(),
                        Optional.of(r));
            }
            default -> new ReproductionState(group, org, version, name, RunRecord.Status.FAILED, started, stopped,
                    Optional.of("execution " + e.status() + Optional.ofNullable(e.error()).map(x -> ": " + x).orElse("")
                            + Optional.ofNullable(e.cause()).map(x -> " (" + x + ")").orElse("")), Optional.empty());
        };
    }

    private String stateMachine() {
        return stateMachineArn.orElseThrow(() -> new ConfigException("Cannot start or read reproductions: STATE_MACHINE_ARN is not set "
                + "(the infra stack sets it on the query function)"));
    }
}
