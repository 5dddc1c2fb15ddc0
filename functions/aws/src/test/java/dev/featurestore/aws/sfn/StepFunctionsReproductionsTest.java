package dev.featurestore.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.run.ReproductionState;
import dev.featurestore.run.ReproductionsJson;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * How a reproduction's execution reads back once it ended, which the emulator cannot show (its executions never
 * run): over a fake Step Functions client answering DescribeExecution as AWS does.
 */
class StepFunctionsReproductionsTest {
    static final String MACHINE = "arn:aws:states:eu-central-1:123456789012:stateMachine:materialize";
    static final String VERSION = "20261124T031500Z-3f9a";
    static final String NAME = "20261130T050000Z-00aa";
    static final GroupConfig CUSTOMER = dev.featurestore.config.ConfigLoader.create(dev.featurestore.aws.testing.TestLake.testConfig())
            .load("customer");

    /** A Step Functions client that knows one execution. */
    record OneExecution(DescribeExecutionResponse execution) implements SfnClient {
        @Override
        public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
            assertThat(request.executionArn()).isEqualTo("arn:aws:states:eu-central-1:123456789012:execution:materialize:" + NAME);
            return execution;
        }

        @Override
        public String serviceName() {
            return "sfn";
        }

        @Override
        public void close() {
        }
    }

    static DescribeExecutionResponse.Builder execution(ExecutionStatus status, String org) {
        return DescribeExecutionResponse.builder().status(status).startDate(Instant.parse("2026-11-30T05:00:00Z"))
                .input("{\"group\": \"customer\", \"org\": \"" + org + "\", \"reproduce\": \"" + VERSION + "\"}");
    }

    static ReproductionState state(DescribeExecutionResponse e, String version) {
        return new StepFunctionsReproductions(new OneExecution(e), java.util.Optional.of(MACHINE), VersionIds.systemDefault())
                .state(CUSTOMER, version, NAME, org -> org.equals("acme"));
    }

    @Test
    void succeeded_answersTheMergeStepsReport() {
        ReproduceReport report = new ReproduceReport("customer", "acme", VERSION, false, 10, 10, "aa", "bb", List.of("age (mean 1.0 → 2.0)"),
                List.of("orders: s3://src/orders/a.parquet changed (ETag \"1\" → \"2\")"), null);
        String output = "{\"group\": \"customer\", \"published\": false, \"report\": " + ReproductionsJson.report(report) + "}";

        ReproductionState s = state(execution(ExecutionStatus.SUCCEEDED, "acme").stopDate(Instant.parse("2026-11-30T05:03:00Z"))
                .output(output).build(), VERSION);

        assertThat(s.status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        assertThat(s.finishedAt()).contains("2026-11-30T05:03:00Z");
        assertThat(s.report()).contains(report);
    }

    @Test
    void failed_answersTheExecutionsErrorAndCause() {
        ReproductionState s = state(execution(ExecutionStatus.FAILED, "acme").stopDate(Instant.parse("2026-11-30T05:01:00Z"))
                .error("MaterializationFailed").cause("A step failed").build(), VERSION);

        assertThat(s.status()).isEqualTo(RunRecord.Status.FAILED);
        assertThat(s.reason()).contains("execution FAILED: MaterializationFailed (A step failed)");
        assertThat(s.report()).isEmpty();
    }

    @Test
    void anotherTenantsOrAnotherVersionsExecution_isNotFound_andASucceededOneWithoutReportIsAStorageError() {
        assertThatThrownBy(() -> state(execution(ExecutionStatus.RUNNING, "globex").build(), VERSION))
                .isInstanceOf(NotFoundException.class).hasMessageStartingWith("Cannot find reproduction '" + NAME + "' of version '");
        assertThatThrownBy(() -> state(execution(ExecutionStatus.RUNNING, "acme").build(), "20261124T031500Z-ffff"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> state(execution(ExecutionStatus.SUCCEEDED, "acme").output("{\"published\": true}").build(), VERSION))
                .isInstanceOf(StorageException.class).hasMessageContaining("succeeded without a report");
    }
}
