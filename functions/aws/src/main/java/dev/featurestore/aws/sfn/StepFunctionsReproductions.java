package dev.featurestore.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.config.GroupConfig;
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
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * The API's reproductions on AWS: {@code POST /groups/{group}/versions/{version}/reproductions} starts an execution
 * of the materialization state machine with {@code {"group", "org", "reproduce": VERSION}} (reproduce mode: a
 * scratch run of the version's recorded lineage, compared by the Merge step, never published), named with a new
 * id; {@code GET .../reproductions/{id}} describes the execution and answers the Merge step's {@code report} once
 * it succeeded. The report lives in the execution's output (Step Functions keeps it 90 days): nothing else is kept.
 */
public final class StepFunctionsReproductions implements ReproductionLauncher {
    private final Executions executions;

    public StepFunctionsReproductions(SfnClient sfn, Optional<String> stateMachineArn, VersionIds ids) {
        this.executions = new Executions(sfn, stateMachineArn, ids, "reproduction");
    }

    @Override
    public ReproductionState start(GroupConfig config, Manifest recorded) {
        Executions.Started started = executions.start(
                Executions.input().put("group", recorded.group()).put("org", recorded.org()).put("reproduce", recorded.version()),
                "Cannot reproduce version '" + recorded.version() + "' of group '" + recorded.group() + "' for org '" + recorded.org() + "': ");
        return new ReproductionState(recorded.group(), recorded.org(), recorded.version(), started.name(), RunRecord.Status.RUNNING,
                Optional.of(started.startedAt()), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public ReproductionState state(GroupConfig config, String version, String name, Predicate<String> readable) {
        String group = config.name();
        NotFoundException notFound = new NotFoundException("Cannot find reproduction '" + name + "' of version '" + version
                + "' of group '" + group + "' (a reproduction is the \"reproduction\" answered by POST /groups/" + group + "/versions/"
                + version + "/reproductions)");
        DescribeExecutionResponse e = executions.describe(name, notFound);
        JsonNode input = Executions.parse(e.input());
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
                JsonNode report = Executions.parse(e.output()).path("report");
                if (!report.isObject()) {
                    throw new StorageException("Cannot read reproduction '" + name + "': its execution succeeded without a report"
                            + " (the state machine's Merge step is older than reproduce mode; deploy again)");
                }
                ReproduceReport r = ReproductionsJson.readReport(group, org, version, report);
                yield new ReproductionState(group, org, version, name, RunRecord.Status.SUCCEEDED, started, stopped, Optional.empty(),
                        Optional.of(r));
            }
            default -> new ReproductionState(group, org, version, name, RunRecord.Status.FAILED, started, stopped,
                    Optional.of(Executions.failure(e)), Optional.empty());
        };
    }
}
