package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.Steps;
import dev.featurestore.aws.testing.TestLake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/** The API Gateway routes, driven by the sample events, over a version published on the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryHandlerTest {
    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;
    private String version;

    @BeforeAll
    void publishAVersion(AwsEmulator aws) {
        aws.requireMoto("Athena results are canned through moto's API");
        this.aws = aws;
        lake = new TestLake(aws);
        runtime = lake.runtime();
        version = Steps.publish(aws, runtime);
    }

    private JsonNode call(String event) {
        return invoke(new QueryHandler(runtime), Events.bytes(event));
    }

    private JsonNode call(AwsRuntime with, byte[] event) {
        return invoke(new QueryHandler(with), event);
    }

    private static JsonNode body(JsonNode response) {
        try {
            return Events.JSON.readTree(response.get("body").asText());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.get("body").asText(), e);
        }
    }

    private QueryExecution lastQuery() {
        List<String> ids = lake.athena().listQueryExecutions(b -> b.workGroup(lake.workgroup)).queryExecutionIds();
        return ids.stream().map(id -> lake.athena().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution())
                .max(java.util.Comparator.comparing(q -> q.status().submissionDateTime())).orElseThrow();
    }

    @Test
    void getGroups_listsTheGroupsWithTheOrgsTheCallerMayRead() {
        JsonNode response = call("api-get-groups.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(response.get("headers").get("Content-Type").asText()).isEqualTo("application/json; charset=utf-8");
        JsonNode groups = body(response).get("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("group").asText()).isEqualTo("customer");
        assertThat(groups.get(0).get("orgs")).extracting(JsonNode::asText).containsExactly("acme");
    }

    @Test
    void getGroup_returnsTheFieldsAndVersionsOfTheCallersOrg() {
        JsonNode body = body(call("api-get-group.json"));

        assertThat(body.get("org").asText()).isEqualTo("acme");
        assertThat(body.get("current").asText()).isEqualTo(version);
        assertThat(body.get("fields")).extracting(f -> f.get("name").asText() + " " + f.get("type").asText())
                .containsExactly("age bigint", "segment string", "orders_90d bigint", "last_order_at timestamp");
        assertThat(body.get("versions")).hasSize(1);
        assertThat(body.get("versions").get(0).get("row_count").asLong()).isEqualTo(2);
        assertThat(body.get("versions").get(0).get("current").asBoolean()).isTrue();
    }

    @Test
    void postFeatures_runsOneAthenaQueryPrunedToOrgAndVersion_andReturnsTheRows() {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age", "segment"), Arrays.asList("c2", "51", "senior")),
                List.of("varchar", "bigint", "varchar"));

        JsonNode response = call("api-post-features.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("version").asText()).isEqualTo(version);
        assertThat(body.get("columns")).extracting(c -> c.get("name").asText()).containsExactly("id", "age", "segment");
        assertThat(body.get("rows").get(0).get("age").asLong()).isEqualTo(51);
        assertThat(body.get("rows").get(0).get("segment").asText()).isEqualTo("senior");
        assertThat(body.get("row_count").asLong()).isEqualTo(1);
        assertThat(lastQuery().query()).isEqualTo("SELECT \"id\", \"age\", \"segment\" FROM \"" + lake.database + "\".\"customer\""
                + " WHERE \"org\" = 'acme' AND \"version\" = '" + version + "' AND (\"age\" >= 30) LIMIT 100");
        assertThat(lastQuery().workGroup()).isEqualTo(lake.workgroup);
    }

    @Test
    void postFeatures_inParquet_unloadsTheResult_andAnswersWithPresignedUrls() {
        JsonNode response = call("api-post-features-parquet.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("format").asText()).isEqualTo("parquet");
        assertThat(body.get("urls").isArray()).isTrue();
        assertThat(body.get("expires_in_seconds").asLong()).isEqualTo(3600);
        assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
        String sql = lastQuery().query();
        assertThat(sql).startsWith("UNLOAD (SELECT \"id\", \"age\", \"segment\", \"orders_90d\", \"last_order_at\" FROM \"" + lake.database
                + "\".\"customer\" WHERE \"org\" = 'acme' AND \"version\" = '" + version + "' AND (\"segment\" = 'senior'))")
                .contains("TO 's3://" + lake.bucket + "/query-results/customer/org=acme/");
    }

    @Test
    void postFeatures_inParquet_answers202WithTheQueryId_whenAthenaIsSlow_andThePollGivesTheUrls() {
        lake.env.put("QUERY_TIMEOUT_SECONDS", "0");
        AwsRuntime impatient = lake.runtime();
        lake.env.put("QUERY_TIMEOUT_SECONDS", "20");

        aws.slowAthena(3);
        JsonNode accepted;
        try {
            accepted = call(impatient, Events.bytes("api-post-features-parquet.json"));
        } finally {
            aws.normalAthena();
        }

        assertThat(accepted.get("statusCode").asInt()).isEqualTo(202);
        String id = body(accepted).get("query_id").asText();
        assertThat(body(accepted).get("poll").asText()).isEqualTo("/queries/" + id);
        ObjectNode poll = Events.json("api-get-groups.json");
        poll.put("path", "/queries/" + id).put("resource", "/queries/{id}");
        JsonNode done = call(runtime, Events.write(poll));
        for (int i = 0; i < 8 && done.get("statusCode").asInt() == 202; i++) {
            done = call(runtime, Events.write(poll));
        }
        assertThat(done.get("statusCode").asInt()).as(done.toString()).isEqualTo(200);
        assertThat(body(done).get("org").asText()).isEqualTo("acme");
        assertThat(body(done).get("urls").isArray()).isTrue();

        ((ObjectNode) poll.get("requestContext").get("identity")).put("userArn", "arn:aws:sts::123456789012:assumed-role/Contractors/bob");
        assertThat(call(runtime, Events.write(poll)).get("statusCode").asInt()).as("another caller may not poll it").isEqualTo(403);
    }

    @Test
    void getQuery_is404_forAQueryThatIsNotAnExport() {
        aws.cannedAthenaResults(List.of(Arrays.asList("n"), Arrays.asList("1")), List.of("bigint"));
        String id = runtime.featureEngine().start("SELECT 1 AS n");
        ObjectNode poll = Events.json("api-get-groups.json");
        poll.put("path", "/queries/" + id);

        JsonNode response = call(runtime, Events.write(poll));

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("message").asText()).startsWith("Cannot find export " + id);
    }

    @Test
    void presignedUrls_pointAtTheUnloadedFiles() {
        String key = "query-results/customer/x/part-0.parquet";
        runtime.s3Store().put(key, new byte[]{1, 2, 3});

        String url = runtime.urls().get(lake.bucket, key).toString();

        assertThat(url).startsWith(aws.endpoint() + "/" + lake.bucket + "/" + key + "?").contains("X-Amz-Signature=").contains("X-Amz-Expires=3600");
    }

    @Test
    void postFeatures_withABadFilter_is400WithThePosition() {
        JsonNode response = call("api-post-features-bad-filter.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(400);
        JsonNode body = body(response);
        assertThat(body.get("error").asText()).isEqualTo("query_error");
        assertThat(body.get("message").asText()).contains("age").contains("thirty");
    }

    @Test
    void postFeatures_forAnotherOrg_is403_whateverTheBodySays() {
        JsonNode response = call("api-post-features-other-org.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body(response).get("error").asText()).isEqualTo("forbidden");
        assertThat(body(response).get("message").asText()).isEqualTo("Cannot read org 'globex': "
                + "arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice may read only acme");
    }

    @Test
    void postFeatures_fromAnUnmappedCaller_is403() {
        JsonNode response = call("api-post-features-unmapped-caller.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body(response).get("message").asText()).startsWith("Cannot read features: "
                + "arn:aws:sts::123456789012:assumed-role/Contractors/bob may read no org");
    }

    @Test
    void postFeatures_takesTheOrgsFromALambdaAuthorizer_whenOneIsConfigured() {
        ObjectNode event = Events.json("api-post-features-unmapped-caller.json");
        ((ObjectNode) event.get("requestContext")).putObject("authorizer").put("orgs", "globex");
        lake.env.put("ORG_AUTHORIZER", "true");
        AwsRuntime withAuthorizer = lake.runtime();
        lake.env.remove("ORG_AUTHORIZER");

        JsonNode response = call(withAuthorizer, Events.write(event));

        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(404);
        assertThat(body(response).get("message").asText()).startsWith("Cannot find a published version of group 'customer' for org 'globex'");
    }

    @Test
    void postFeatures_ignoresAnAuthorizersOrgs_whenNoAuthorizerIsConfigured() {
        ObjectNode event = Events.json("api-post-features-unmapped-caller.json");
        ((ObjectNode) event.get("requestContext")).putObject("authorizer").put("orgs", "acme");

        JsonNode response = call(runtime, Events.write(event));

        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(403);
        assertThat(body(response).get("message").asText()).startsWith("Cannot read features: "
                + "arn:aws:sts::123456789012:assumed-role/Contractors/bob may read no org");
    }

    @Test
    void getGroup_unknown_is404() {
        JsonNode response = call("api-get-group-unknown.json");

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("error").asText()).isEqualTo("not_found");
        assertThat(body(response).get("message").asText()).startsWith("Cannot find group 'vendors'");
    }

    @Test
    void unknownRoute_is404_andMalformedEvent_is400() {
        ObjectNode event = Events.json("api-get-groups.json");
        event.put("path", "/versions");

        JsonNode notFound = call(runtime, Events.write(event));
        JsonNode malformed = call(runtime, "{\"body\": 1".getBytes(StandardCharsets.UTF_8));

        assertThat(notFound.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(notFound).get("message").asText()).isEqualTo("Cannot find route GET /versions (routes: GET /groups, "
                + "GET /groups/{group}, POST /groups/{group}/features, GET /groups/{group}/entities/{id}, POST /groups/{group}/training-set, GET /groups/{group}/drift, GET /openapi.json, "
                + "POST /groups/{group}/runs, GET /groups/{group}/runs, GET /groups/{group}/runs/{run}, "
                + "POST /groups/{group}/versions/{version}/reproductions, GET /groups/{group}/versions/{version}/reproductions/{reproduction}, "
                + "GET /queries/{id})");
        assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(malformed).get("message").asText()).startsWith("Cannot read request: the API Gateway event is not valid JSON");
    }

    @Test
    void postFeatures_refusesMoreRowsThanTheInlineLimit_with413() {
        lake.env.put("MAX_JSON_ROWS", "1");
        AwsRuntime small = lake.runtime();
        lake.env.remove("MAX_JSON_ROWS");
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age", "segment"), Arrays.asList("c1", "34", "junior"),
                Arrays.asList("c2", "51", "senior")), List.of("varchar", "bigint", "varchar"));

        JsonNode response = call(small, Events.bytes("api-post-features.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(413);
        assertThat(body(response).get("message").asText()).isEqualTo("Cannot return more than 1 rows inline (add filters or a limit,"
                + " or ask for \"format\": \"parquet\" to get presigned URLs to the full result)");
        assertThat(lastQuery().query()).endsWith("LIMIT 2");
    }
}
