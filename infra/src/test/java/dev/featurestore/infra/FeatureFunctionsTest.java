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

class FeatureFunctionsTest {

    @ParameterizedTest
    @CsvSource({
            "dev,PlanHandler,512,60", "dev,CalculateHandler,2048,900", "dev,MergeHandler,3008,900", "dev,QueryHandler,1024,29",
            "dev,FailureHandler,512,60",
            "prod,PlanHandler,512,60", "prod,CalculateHandler,4096,900", "prod,MergeHandler,10240,900", "prod,QueryHandler,2048,29"})
    void function_runsJava21WithTheEnvironmentsMemoryAndTimeout(String env, String handler, int memory, int timeout) {
        Synthesized.template(env).hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Handler", "dev.featurestore.aws.handler." + handler + "::handleRequest",
                "MemorySize", memory,
                "Timeout", timeout));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void mergeAndItsDistributedTasks_haveTenGibibytesOfTmp_andTheOthersTheDefault(String env) {
        var t = Synthesized.template(env);

        for (String handler : List.of(FeatureFunctions.MERGE_HANDLER, FeatureFunctions.PARTITION_HANDLER, FeatureFunctions.JOIN_HANDLER)) {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "EphemeralStorage", Map.of("Size", 10240)));
        }
        t.resourcePropertiesCountIs("AWS::Lambda::Function", Map.of("EphemeralStorage", Match.anyValue()), 3);
    }

    @Test
    void onlyTheQueryFunction_hasSnapStartBehindAPublishedVersionAndAlias() {
        var t = Synthesized.template("dev");

        t.resourcePropertiesCountIs("AWS::Lambda::Function",
                Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")), 1);
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FeatureFunctions.QUERY_HANDLER,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        t.resourceCountIs("AWS::Lambda::Version", 1);
        t.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void functions_getTheEnvironmentContract() {
        Synthesized.template("prod").hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", FeatureFunctions.QUERY_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        LambdaEnvironment.ENVIRONMENT, "prod",
                        LambdaEnvironment.BUCKET, Match.anyValue(),
                        LambdaEnvironment.DATABASE, Map.of("Ref", Match.stringLikeRegexp("CatalogDatabase.*")),
                        LambdaEnvironment.WORKGROUP, Map.of("Ref", Match.stringLikeRegexp("AthenaApiWorkGroup.*")),
                        LambdaEnvironment.RESULTS_PREFIX, "query-results/",
                        LambdaEnvironment.SOURCE_DATABASE, "sources_{org}",
                        LambdaEnvironment.ORG_ACCESS, "{\"arn:aws:iam::123456789012:role/acme-analysts\":[\"acme\"],"
                                + "\"arn:aws:iam::123456789012:role/featurestore-admins\":[\"acme\",\"globex\"],"
                                + "\"arn:aws:iam::123456789012:role/globex-analysts\":[\"globex\"]}")))));
    }

    @Test
    void calculate_mayReadTheSourceDatabaseOfEveryOrg() {
        assertThat(Synthesized.tree("dev").path("Resources").toString())
                .contains(":database/sources_*").contains(":table/sources_*/*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void policies_haveNoWildcardActionAndNoWildcardResourceWithWildcardActions(String env) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : Synthesized.tree(env).path("Resources").properties()) {
            if (!r.getValue().path("Type").asText().equals("AWS::IAM::Policy")) {
                continue;
            }
            for (JsonNode s : r.getValue().at("/Properties/PolicyDocument/Statement")) {
                List<String> actions = texts(s.path("Action"));
                List<String> resources = texts(s.path("Resource"));
                if (actions.contains("*") || actions.stream().anyMatch(a -> a.endsWith(":*"))) {
                    violations.add(r.getKey() + ": wildcard action " + actions);
                }
                if (resources.contains("*") && actions.stream().anyMatch(a -> a.contains("*"))) {
                    violations.add(r.getKey() + ": wildcard actions on * " + actions);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** Step Functions log delivery: these actions support no resource-level permissions (AWS docs), nothing else may use "*". */
    static final List<String> LOG_DELIVERY = List.of("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyLogDelivery_usesTheStarResource(String env) {
        for (Map.Entry<String, JsonNode> r : Synthesized.tree(env).path("Resources").properties()) {
            for (JsonNode s : r.getValue().at("/Properties/PolicyDocument/Statement")) {
                if (texts(s.path("Resource")).contains("*")) {
                    assertThat(LOG_DELIVERY).as(r.getKey()).containsAll(texts(s.path("Action")));
                }
            }
        }
    }

    @Test
    void glueAndAthenaPermissions_areScopedToTheDatabaseAndWorkgroup() {
        String policies = Synthesized.tree("dev").path("Resources").toString();

        assertThat(policies).contains(":workgroup/featurestore-dev").contains(":database/featurestore_dev")
                .contains(":table/featurestore_dev/*");
        for (Map.Entry<String, JsonNode> r : Synthesized.tree("dev").path("Resources").properties()) {
            for (JsonNode s : r.getValue().at("/Properties/PolicyDocument/Statement")) {
                List<String> actions = texts(s.path("Action"));
                if (actions.stream().anyMatch(a -> a.startsWith("glue:") || a.startsWith("athena:"))) {
                    assertThat(texts(s.path("Resource"))).as(r.getKey() + " " + actions).doesNotContain("*");
                }
            }
        }
    }

    @Test
    void onlyMergeAndFinalize_mayChangeTheCatalog() {
        List<String> writers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : Synthesized.tree("dev").path("Resources").properties()) {
            for (JsonNode s : r.getValue().at("/Properties/PolicyDocument/Statement")) {
                if (texts(s.path("Action")).contains("glue:UpdateTable")) {
                    r.getValue().at("/Properties/Roles").forEach(role -> writers.add(role.path("Ref").asText().replaceAll("[0-9A-F]{8}$", "")));
                }
            }
        }
        assertThat(writers).containsExactlyInAnyOrder("FunctionsMergeServiceRole", "FunctionsFinalizeServiceRole");
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        } else if (!node.isMissingNode()) {
            out.add(node.isTextual() ? node.asText() : node.toString());
        }
        return out;
    }
}
