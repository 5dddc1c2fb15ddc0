package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.error.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

/** The template side of issue 13's hardening: prefix-scoped grants, versioning, logs, isolation, dead letters. */
class HardeningTest {
    private static final String ACCOUNT = "123456789012";

    private static FunctionPolicy policy(String env, String handler) {
        EnvironmentConfig config = EnvironmentConfigLoader.create(Synthesized.configDir()).load(env);
        return FunctionPolicy.of(Synthesized.tree(env), handler,
                new FunctionPolicy.Names(ACCOUNT, config.region(), config.region(), "lake", Map.of()));
    }

    private static String object(String key) {
        return "arn:aws:s3:::lake/" + key;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noFunction_mayWriteOrDeleteTheWholeBucket(String env) {
        List<String> wide = new ArrayList<>();
        for (String handler : List.of("PlanHandler", "CalculateHandler", "MergeHandler", "FailureHandler", "QueryHandler")) {
            for (FunctionPolicy.Statement s : policy(env, handler).statements()) {
                boolean writes = s.actions().stream().anyMatch(a -> a.startsWith("s3:Put") || a.startsWith("s3:Delete"));
                if (writes && s.resources().contains("arn:aws:s3:::lake/*")) {
                    wide.add(handler + " " + s);
                }
            }
        }
        assertThat(wide).isEmpty();
    }

    @Test
    void eachRole_writesAndDeletesOnlyItsPrefixes() {
        FunctionPolicy plan = policy("dev", "PlanHandler");
        FunctionPolicy merge = policy("dev", "MergeHandler");
        FunctionPolicy failure = policy("dev", "FailureHandler");
        FunctionPolicy calculate = policy("dev", "CalculateHandler");

        assertThat(plan.allows("s3:PutObject", object("features/customer/org=acme/_lock"))).isTrue();
        assertThat(plan.allows("s3:DeleteObject", object("features/customer/org=acme/_lock"))).isTrue();
        assertThat(plan.allows("s3:PutObject", object("features/customer/org=acme/_current"))).isFalse();
        assertThat(plan.allows("s3:DeleteObject", object("features/customer/org=acme/version=v1/part-00000.parquet"))).isFalse();
        assertThat(plan.allows("s3:PutObject", object("runs/customer/org=acme/r1.json"))).isTrue();

        assertThat(merge.allows("s3:PutObject", object("features/customer/org=acme/_current"))).isTrue();
        assertThat(merge.allows("s3:PutObject", object("staging/customer/org=acme/run=r1/x.parquet"))).isFalse();
        assertThat(merge.allows("s3:DeleteObject", object("query-results/x"))).isFalse();
        assertThat(merge.allows("s3:DeleteObject", object("runs/customer/org=acme/r1.json"))).isFalse();

        assertThat(failure.allows("s3:DeleteObject", object("features/customer/org=acme/_lock"))).isTrue();
        assertThat(failure.allows("s3:DeleteObject", object("features/customer/org=acme/_current"))).isFalse();
        assertThat(failure.allows("s3:PutObject", object("features/customer/org=acme/_current"))).isFalse();

        assertThat(calculate.allows("s3:PutObject", object("staging/customer/org=acme/run=r1/orders.parquet"))).isTrue();
        assertThat(calculate.allows("s3:PutObject", object("features/customer/org=acme/_current"))).isFalse();

        // reproduce mode: Plan and Calculate read a version's manifest, never its data or anything else of it
        for (FunctionPolicy reader : List.of(plan, calculate)) {
            assertThat(reader.allows("s3:GetObject", object("features/customer/org=acme/version=v1/_manifest.json"))).isTrue();
            assertThat(reader.allows("s3:GetObject", object("features/customer/org=acme/version=v1/part-00000.parquet"))).isFalse();
            assertThat(reader.allows("s3:PutObject", object("features/customer/org=acme/version=v1/_manifest.json"))).isFalse();
        }
    }

    @Test
    void query_readsPublishedVersions_neverStagingOrRunRecords() {
        FunctionPolicy query = policy("prod", "QueryHandler");

        assertThat(query.allows("s3:GetObject", object("features/customer/org=acme/version=v1/part-00000.parquet"))).isTrue();
        assertThat(query.allows("s3:GetObject", object("staging/customer/org=acme/run=r1/orders.parquet"))).isFalse();
        assertThat(query.allows("s3:GetObject", object("runs/customer/org=acme/r1.json"))).isFalse();
        assertThat(query.allows("s3:PutObject", object("query-results/customer/org=acme/x/0.parquet"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void dataLake_isVersioned_expiresNoncurrentVersions_andLogsAccess(String env) {
        var t = Synthesized.template(env);
        t.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "LoggingConfiguration", Map.of("DestinationBucketName", Map.of("Ref", Match.stringLikeRegexp("DataLakeAccessLogs.*")),
                        "LogFilePrefix", "data-lake/"),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "expire-noncurrent-versions",
                        "NoncurrentVersionExpiration", Map.of("NoncurrentDays", DataLake.NONCURRENT_DAYS),
                        "Status", "Enabled")))))));
    }

    @Test
    void query_hasReservedConcurrency_andItsOwnAthenaWorkgroup() {
        var t = Synthesized.template("prod");
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FeatureFunctions.QUERY_HANDLER,
                "ReservedConcurrentExecutions", 100,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        LambdaEnvironment.WORKGROUP, Map.of("Ref", Match.stringLikeRegexp("AthenaApiWorkGroup.*")))))));
        t.hasResourceProperties("AWS::Athena::WorkGroup", Map.of("Name", "featurestore-prod-api"));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FeatureFunctions.CALCULATE_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        LambdaEnvironment.WORKGROUP, Map.of("Ref", Match.stringLikeRegexp("AthenaWorkGroup.*")))))));

        String apiWorkgroup = "arn:aws:athena:eu-central-1:" + ACCOUNT + ":workgroup/featurestore-prod-api";
        String workgroup = "arn:aws:athena:eu-central-1:" + ACCOUNT + ":workgroup/featurestore-prod";
        assertThat(policy("prod", "QueryHandler").allows("athena:StartQueryExecution", apiWorkgroup)).isTrue();
        assertThat(policy("prod", "QueryHandler").allows("athena:StartQueryExecution", workgroup)).isFalse();
        assertThat(policy("prod", "CalculateHandler").allows("athena:StartQueryExecution", workgroup)).isTrue();
        assertThat(policy("prod", "CalculateHandler").allows("athena:StartQueryExecution", apiWorkgroup)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyScheduleTarget_hasADeadLetterQueue_withAnAlarm(String env) {
        JsonNode resources = Synthesized.tree(env).path("Resources");
        int schedules = 0;
        for (var r : resources.properties()) {
            JsonNode v = r.getValue();
            if (v.path("Type").asText().equals("AWS::Events::Rule") && v.at("/Properties/ScheduleExpression").isTextual()) {
                schedules++;
                for (JsonNode target : v.at("/Properties/Targets")) {
                    assertThat(target.at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).as(r.getKey()).startsWith("SchedulesDeadLetters");
                }
            }
        }
        assertThat(schedules).as("scheduled rules in " + env).isPositive();
        Synthesized.template(env).hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Namespace", "AWS/SQS",
                "Threshold", 1,
                "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("Alerts.*")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void timedOutAndAbortedExecutions_runTheFailureFunction(String env) {
        JsonNode resources = Synthesized.tree(env).path("Resources");
        String failure = null;
        for (var r : resources.properties()) {
            if (r.getValue().at("/Properties/Handler").asText().equals(FeatureFunctions.FAILURE_HANDLER)) {
                failure = r.getKey();
            }
        }
        Synthesized.template(env).hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.states"),
                        "detail-type", List.of("Step Functions Execution Status Change"),
                        "detail", Map.of("status", List.of("TIMED_OUT", "ABORTED"),
                                "stateMachineArn", List.of(Map.of("Ref", Match.stringLikeRegexp("MaterializationStateMachine.*"))))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Fn::GetAtt", List.of(failure, "Arn")))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void executionTimeout_isBelowTheLockLifetime(String env) {
        JsonNode resources = Synthesized.tree(env).path("Resources");
        for (var r : resources.properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::StepFunctions::StateMachine")) {
                String definition = r.getValue().at("/Properties/DefinitionString").toString();
                assertThat(definition).contains("\\\"TimeoutSeconds\\\":");
                int seconds = Integer.parseInt(definition.replaceAll(".*\\\\\"TimeoutSeconds\\\\\":(\\d+).*", "$1"));
                assertThat(Duration.ofSeconds(seconds)).isLessThan(dev.featurestore.version.VersionStore.DEFAULT_LOCK_TTL);
            }
        }
    }

    @Test
    void anEnvironment_whoseTimeoutReachesTheLockLifetime_isRefused() {
        EnvironmentConfig prod = EnvironmentConfigLoader.create(Synthesized.configDir()).load("prod");
        EnvironmentConfig tooLong = new EnvironmentConfig(prod.name(), prod.account(), prod.region(), prod.bucket(), prod.database(),
                prod.athena(), prod.functions(), new EnvironmentConfig.Workflow(8, Duration.ofMinutes(180)), prod.api(),
                prod.retention(), prod.sources(), prod.orgs(), prod.access(), prod.alarmEmails(), prod.source());

        assertThatThrownBy(() -> FeatureStoreStack.requireTimeoutBelowLockLifetime(tooLong))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot build environment 'prod': workflow timeout_minutes 180 must be below the run lock's lifetime of 180"
                        + " minutes (a run still executing could lose its lock; lower timeout_minutes in " + prod.source() + ")");
    }
}
