package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

class MaterializationWorkflowTest {

    private static JsonNode asl(String env) {
        return StateMachineDefinition.parse(Synthesized.tree(env));
    }

    @Test
    void definition_runsPlanThenMapThenPlanMerge_thenMergeOrTheDistributedMergeBySize() {
        JsonNode asl = asl("dev");

        assertThat(asl.path("StartAt").asText()).isEqualTo("Plan");
        assertThat(asl.at("/States/Plan/Next").asText()).isEqualTo("CalculateFunctions");
        assertThat(asl.at("/States/CalculateFunctions/Type").asText()).isEqualTo("Map");
        assertThat(asl.at("/States/CalculateFunctions/Next").asText()).isEqualTo("PlanMerge");
        assertThat(asl.at("/States/PlanMerge/Next").asText()).isEqualTo("MergeBySize");
        assertThat(asl.at("/States/MergeBySize/Type").asText()).isEqualTo("Choice");
        assertThat(asl.at("/States/MergeBySize/Choices/0/Variable").asText()).isEqualTo("$.merge.distributed");
        assertThat(asl.at("/States/MergeBySize/Choices/0/BooleanEquals").asBoolean()).isTrue();
        assertThat(asl.at("/States/MergeBySize/Choices/0/Next").asText()).isEqualTo("PartitionTasks");
        assertThat(asl.at("/States/MergeBySize/Default").asText()).isEqualTo("Merge");
        assertThat(asl.at("/States/Merge/Next").asText()).isEqualTo("Published");
        assertThat(asl.at("/States/PartitionTasks/Next").asText()).isEqualTo("JoinTasks");
        assertThat(asl.at("/States/JoinTasks/Next").asText()).isEqualTo("Finalize");
        assertThat(asl.at("/States/Finalize/Next").asText()).isEqualTo("Published");
        assertThat(asl.at("/States/Published/Type").asText()).isEqualTo("Succeed");
    }

    @ParameterizedTest
    @CsvSource({"PartitionTasks,Partition,$.merge.partitionTasks", "JoinTasks,Join,$.merge.joinTasks"})
    void mergeTasks_areDistributedMapsOverTaskNumbers_failingOnAnyFailedTask(String state, String task, String items) {
        JsonNode map = asl("dev").at("/States/" + state);

        assertThat(map.path("Type").asText()).isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("STANDARD");
        assertThat(map.path("ItemsPath").asText()).isEqualTo(items);
        assertThat(map.has("ItemReader")).isFalse();
        assertThat(map.path("ToleratedFailurePercentage").asInt(0)).isZero();
        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(MaterializationWorkflow.MERGE_TASK_CONCURRENCY);
        assertThat(map.path("ResultPath").isNull()).isTrue();
        assertThat(map.at("/ItemSelector/task.$").asText()).isEqualTo("$$.Map.Item.Value");
        assertThat(map.at("/ItemSelector/runId.$").asText()).isEqualTo("$.runId");
        assertThat(map.at("/ItemProcessor/States/" + task + "/Parameters/FunctionName").asText())
                .matches("\\$\\{Functions" + task + "[0-9A-F]{8}\\.Arn}");
    }

    @Test
    void tasks_invokeTheirOwnFunction() {
        JsonNode asl = asl("dev");

        assertThat(asl.at("/States/Plan/Parameters/FunctionName").asText()).matches("\\$\\{FunctionsPlan[0-9A-F]{8}\\.Arn}");
        assertThat(asl.at("/States/Merge/Parameters/FunctionName").asText()).matches("\\$\\{FunctionsMerge[0-9A-F]{8}\\.Arn}");
        assertThat(asl.at("/States/CalculateFunctions/ItemProcessor/States/Calculate/Parameters/FunctionName").asText())
                .matches("\\$\\{FunctionsCalculate[0-9A-F]{8}\\.Arn}");
        assertThat(asl.at("/States/Plan/Resource").asText()).isEqualTo("arn:${AWS::Partition}:states:::lambda:invoke");
    }

    @ParameterizedTest
    @CsvSource({"dev,4", "prod,8"})
    void map_boundsConcurrencyFromTheEnvironmentAndCollectsTheOutcomesForMerge(String env, int concurrency) {
        JsonNode map = asl(env).at("/States/CalculateFunctions");

        assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(concurrency);
        assertThat(map.path("ItemsPath").asText()).isEqualTo("$.functions");
        assertThat(map.path("ResultPath").asText()).isEqualTo("$.outcomes");
        assertThat(map.at("/ItemProcessor/StartAt").asText()).isEqualTo("Calculate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/States/Plan", "/States/Merge", "/States/CalculateFunctions/ItemProcessor/States/Calculate",
            "/States/RecordFailure", "/States/PlanMerge", "/States/Finalize", "/States/PartitionTasks/ItemProcessor/States/Partition",
            "/States/JoinTasks/ItemProcessor/States/Join"})
    void everyTask_retriesLambdaServiceErrorsWithJitteredBackoff(String path) {
        JsonNode retry = asl("dev").at(path + "/Retry/0");

        assertThat(strings(retry.path("ErrorEquals"))).containsExactlyElementsOf(MaterializationWorkflow.TRANSIENT_ERRORS)
                .contains("Lambda.TooManyRequestsException", "Lambda.ServiceException", "Lambda.SdkClientException");
        assertThat(retry.path("BackoffRate").asDouble()).isEqualTo(2.0);
        assertThat(retry.path("MaxAttempts").asInt()).isEqualTo(6);
        assertThat(retry.path("IntervalSeconds").asInt()).isEqualTo(2);
        assertThat(retry.path("JitterStrategy").asText()).isEqualTo("FULL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Plan", "CalculateFunctions", "Merge", "PlanMerge", "PartitionTasks", "JoinTasks", "Finalize"})
    void everyStep_catchesAllErrorsIntoTheFailurePath(String state) {
        JsonNode katch = asl("dev").at("/States/" + state + "/Catch/0");

        assertThat(strings(katch.path("ErrorEquals"))).containsExactly("States.ALL");
        assertThat(katch.path("ResultPath").asText()).isEqualTo("$.error");
        assertThat(katch.path("Next").asText()).isEqualTo("RecordFailure");
    }

    @Test
    void failurePath_recordsTheRunWithTheFailureFunctionThenFails() {
        JsonNode asl = asl("dev");

        assertThat(asl.at("/States/RecordFailure/Type").asText()).isEqualTo("Task");
        assertThat(asl.at("/States/RecordFailure/Parameters/FunctionName").asText()).matches("\\$\\{FunctionsFailure[0-9A-F]{8}\\.Arn}");
        assertThat(asl.at("/States/RecordFailure/Next").asText()).isEqualTo("Failed");
        assertThat(asl.at("/States/RecordFailure/Catch/0/Next").asText()).isEqualTo("Failed");
        assertThat(asl.at("/States/Failed/Type").asText()).isEqualTo("Fail");
        assertThat(asl.at("/States/Failed/Error").asText()).isEqualTo("MaterializationFailed");
    }

    @ParameterizedTest
    @CsvSource({"dev,3600", "prod,9000"})
    void stateMachine_isStandardWithTheEnvironmentsTimeoutAndErrorLogs(String env, int seconds) {
        assertThat(asl(env).path("TimeoutSeconds").asInt()).isEqualTo(seconds);
        Synthesized.template(env).hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
                "StateMachineType", "STANDARD",
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ERROR"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void alarm_firesOnAnyUnsuccessfulExecution(String env) {
        Synthesized.template(env).hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1,
                "EvaluationPeriods", 1,
                "TreatMissingData", "notBreaching",
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "failed + timedOut + aborted")),
                        Match.objectLike(Map.of("Id", "failed", "MetricStat", Match.objectLike(Map.of(
                                "Metric", Match.objectLike(Map.of("MetricName", "ExecutionsFailed", "Namespace", "AWS/States"))))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void alarm_notifiesTheAlertsTopic_whichOnlyAcceptsTls(String env) {
        var t = Synthesized.template(env);

        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("Alerts.*")))));
        t.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
