package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

/** Schedules, the query API, the catalog and the Athena workgroup. */
class ScheduleAndApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void schedules_oneRulePerScheduledGroupAndDeployedOrg_startingTheWorkflowWithGroupAndOrg(String env) throws Exception {
        List<String> inputs = new ArrayList<>();
        int rules = 0;
        for (Map.Entry<String, JsonNode> r : Synthesized.tree(env).path("Resources").properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::Events::Rule") && r.getValue().at("/Properties/ScheduleExpression").isTextual()) {
                rules++;
                JsonNode target = r.getValue().at("/Properties/Targets/0");
                assertThat(target.path("Arn").path("Ref").asText()).startsWith("MaterializationStateMachine");
                JsonNode input = new ObjectMapper().readTree(target.path("Input").asText());
                inputs.add(input.path("group").asText() + "/" + input.path("org").asText() + " "
                        + r.getValue().at("/Properties/ScheduleExpression").asText());
            }
        }
        List<String> expected = expectedRuns(env);
        assertThat(rules).isEqualTo(expected.size());
        assertThat(inputs).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** From the groups actually synthesized (shipped, or the fixture) and the environment's orgs. */
    private static List<String> expectedRuns(String env) {
        var envConfig = dev.featurestore.config.EnvironmentConfigLoader.create(Synthesized.configDir()).load(env);
        var groups = dev.featurestore.config.ConfigLoader.create(Synthesized.configDir(), dev.featurestore.config.FunctionOutputs.LISTED).loadAll();
        List<String> runs = new ArrayList<>();
        for (Schedules.Run run : FeatureStoreStack.runs(envConfig, groups.values())) {
            runs.add(run.group() + "/" + run.org() + " " + run.expression());
        }
        assertThat(runs).as("at least one scheduled run").isNotEmpty();
        return runs;
    }

    @Test
    void schedules_targetRoleMayOnlyStartTheStateMachine() {
        Synthesized.template("dev").hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "states:StartExecution",
                        "Effect", "Allow",
                        "Resource", Map.of("Ref", Match.stringLikeRegexp("MaterializationStateMachine.*")))),
                        "Version", "2012-10-17")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void api_everyMethodRequiresSigV4(String env) {
        var t = Synthesized.template(env);

        int methods = contractRoutes().size();
        t.resourceCountIs("AWS::ApiGateway::Method", methods);
        t.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM"), methods);
        t.resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("Integration", Match.objectLike(Map.of(
                "Type", "AWS_PROXY", "IntegrationHttpMethod", "POST"))), methods);
    }

    /**
     * The API routes exactly what the OpenAPI document (the contract both runtimes answer, checked against the
     * router by OpenApiDocumentTest) lists: a route the Lambda answers but API Gateway does not route is a 403
     * "Missing Authentication Token" for every caller.
     */
    @Test
    void api_routesEveryOperationOfTheOpenApiDocument_andNothingElse() {
        JsonNode resources = Synthesized.tree("dev").path("Resources");
        Map<String, String> pathOf = new java.util.HashMap<>();
        String root = null;
        for (Map.Entry<String, JsonNode> r : resources.properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::ApiGateway::RestApi")) {
                root = r.getKey();
            }
        }
        assertThat(root).isNotNull();
        for (int pass = 0; pass < 10; pass++) { // resolve each resource's full path through its parents
            for (Map.Entry<String, JsonNode> r : resources.properties()) {
                JsonNode props = r.getValue().path("Properties");
                if (!r.getValue().path("Type").asText().equals("AWS::ApiGateway::Resource") || pathOf.containsKey(r.getKey())) {
                    continue;
                }
                JsonNode parent = props.path("ParentId");
                String parentPath = parent.has("Ref") ? pathOf.get(parent.get("Ref").asText())
                        : parent.at("/Fn::GetAtt/0").asText().equals(root) ? "" : null;
                if (parentPath != null) {
                    pathOf.put(r.getKey(), parentPath + "/" + props.path("PathPart").asText());
                }
            }
        }
        List<String> routed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : resources.properties()) {
            if (r.getValue().path("Type").asText().equals("AWS::ApiGateway::Method")) {
                JsonNode props = r.getValue().path("Properties");
                String resource = props.path("ResourceId").path("Ref").asText();
                routed.add(props.path("HttpMethod").asText() + " " + pathOf.getOrDefault(resource, "?" + resource));
            }
        }
        assertThat(routed).containsExactlyInAnyOrderElementsOf(contractRoutes());
    }

    /** "METHOD /path" of every operation in core's OpenAPI document. */
    private static List<String> contractRoutes() {
        try (var in = dev.featurestore.api.Router.class.getResourceAsStream("/dev/featurestore/api/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            List<String> routes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : new ObjectMapper().readTree(in).path("paths").properties()) {
                for (String method : List.of("get", "post", "put", "delete", "patch")) {
                    if (path.getValue().has(method)) {
                        routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                    }
                }
            }
            return routes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void queryFunction_knowsTheStateMachine_andMayOnlyStartAndDescribeItsExecutions() {
        String resources = Synthesized.tree("dev").path("Resources").toString();
        assertThat(resources).containsPattern("\\{\"Action\":\"states:StartExecution\",\"Effect\":\"Allow\","
                + "\"Resource\":\\{\"Ref\":\"MaterializationStateMachine[0-9A-F]{8}\"}}");
        assertThat(resources).containsPattern("\\{\"Action\":\"states:DescribeExecution\",\"Effect\":\"Allow\","
                + "\"Resource\":\\{\"Fn::Join\":\\[\"\",\\[\"arn:\",\\{\"Ref\":\"AWS::Partition\"},\":states:[a-z0-9-]+:\",\\{\"Ref\":\"AWS::AccountId\"},\":execution:\",\\{\"Fn::GetAtt\":\\[\"MaterializationStateMachine[0-9A-F]{8}\",\"Name\"]},\":\\*\"]]}}");
        Synthesized.template("dev").hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.featurestore.aws.handler.QueryHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "STATE_MACHINE_ARN", Map.of("Ref", Match.stringLikeRegexp("MaterializationStateMachine.*")))))));
        assertThat(resources).doesNotContain("states:*");
    }

    @Test
    void api_integratesWithTheSnapStartAlias() {
        assertThat(Synthesized.tree("dev").path("Resources").toString())
                .containsPattern(":lambda:path/2015-03-31/functions/\",\\{\"Ref\":\"FunctionsQueryLive[0-9A-F]{8}\"},\"/invocations\"");
    }

    @Test
    void apiStage_isThrottledAndWritesJsonAccessLogs() {
        Synthesized.template("prod").hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "prod",
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue(), "Format", Match.stringLikeRegexp(".*requestId.*"))),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100, "LoggingLevel", "ERROR"))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void athenaWorkgroup_enforcesTheCutoffAndResultsInTheLake(String env) {
        long cutoff = env.equals("dev") ? 10_000_000_000L : 100_000_000_000L;

        Synthesized.template(env).hasResourceProperties("AWS::Athena::WorkGroup", Map.of(
                "Name", "featurestore-" + env,
                "WorkGroupConfiguration", Match.objectLike(Map.of(
                        "BytesScannedCutoffPerQuery", cutoff,
                        "EnforceWorkGroupConfiguration", true,
                        "ResultConfiguration", Match.objectLike(Map.of(
                                "EncryptionConfiguration", Map.of("EncryptionOption", "SSE_S3")))))));
        assertThat(Synthesized.tree(env).path("Resources").toString()).contains("/query-results/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void catalog_isOneGlueDatabasePerEnvironment(String env) {
        var t = Synthesized.template(env);

        t.resourceCountIs("AWS::Glue::Database", 1);
        t.hasResourceProperties("AWS::Glue::Database", Map.of(
                "DatabaseInput", Match.objectLike(Map.of("Name", "featurestore_" + env))));
    }

    @Test
    void prod_isTerminationProtectedAndPinnedToItsAccount() throws Exception {
        String manifest = java.nio.file.Files.readString(Synthesized.assembly().resolve("manifest.json"));

        assertThat(manifest).contains("aws://123456789012/eu-central-1").contains("\"terminationProtection\": true");
    }
}
