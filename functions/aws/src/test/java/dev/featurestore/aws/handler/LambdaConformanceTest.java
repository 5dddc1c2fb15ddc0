package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.api.ApiConformance;
import dev.featurestore.api.ApiRequest;
import dev.featurestore.api.OpenApiContract;
import dev.featurestore.api.Router;
import dev.featurestore.aws.api.FeatureApi;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.Steps;
import dev.featurestore.aws.testing.TestLake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.athena.model.QueryExecution;

/**
 * The API conformance suite against the Query Lambda: API Gateway events in, proxy responses out, over a version
 * published on the emulator. Athena is the emulator's, so the data cases assert the SQL sent (columns, org and
 * version predicates, filter, limit, workgroup, database) on canned rows. The caller is mapped to org acme.
 */
@ExtendWith(AwsEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaConformanceTest extends ApiConformance {
    private static final String CALLER = "arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice";
    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;
    private QueryHandler handler;
    private String version;

    @BeforeAll
    void publishAVersion(AwsEmulator aws) {
        aws.requireMoto("Athena results are canned through moto's API");
        this.aws = aws;
        lake = new TestLake(aws);
        runtime = lake.runtime();
        version = Steps.publish(aws, runtime);
        // the run and reproduction routes read executions of the state machine (a trivial one on the emulator)
        lake.createStateMachine();
        handler = new QueryHandler(lake.runtime());
    }

    @Override
    protected Answer send(ApiRequest request) {
        ObjectNode event = Events.JSON.createObjectNode();
        event.put("httpMethod", request.method()).put("path", request.rawPath()).put("resource", request.rawPath());
        ObjectNode query = event.putObject("queryStringParameters");
        request.query().forEach(query::put);
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach(headers::put);
        event.put("body", new String(request.body(), StandardCharsets.UTF_8)).put("isBase64Encoded", false);
        event.putObject("requestContext").putObject("identity").put("userArn", CALLER);
        JsonNode response = invoke(handler, Events.write(event));
        Map<String, String> h = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.get("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.put(e.getKey(), e.getValue().asText());
        }
        return new Answer(response.get("statusCode").asInt(), h, response.get("body").asText().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String version() {
        return version;
    }

    @Override
    protected void expectRows(List<String> columns) {
        List<String> types = new ArrayList<>();
        List<String> row = new ArrayList<>();
        for (String c : columns) {
            switch (c) {
                case "id" -> { types.add("varchar"); row.add("c2"); }
                case "age" -> { types.add("bigint"); row.add("51"); }
                case "last_order_at" -> { types.add("timestamp"); row.add("2026-11-01 10:00:00.000"); }
                default -> { types.add("varchar"); row.add("x"); }
            }
        }
        aws.cannedAthenaResults(List.of(columns, row), types);
    }

    @Override
    protected void assertRan(List<String> columns, String filter, long limit, Answer answer) {
        QueryExecution q = lastQuery();
        String select = String.join(", ", columns.stream().map(c -> "\"" + c + "\"").toList());
        assertThat(q.query()).isEqualTo("SELECT " + select + " FROM \"" + lake.database + "\".\"customer\" WHERE \"org\" = 'acme'"
                + " AND \"version\" = '" + version + "' AND (" + filter.replace("age", "\"age\"") + ") LIMIT " + limit);
        assertThat(q.workGroup()).isEqualTo(lake.workgroup);
        assertThat(q.queryExecutionContext().database()).isEqualTo(lake.database);
        JsonNode row = answer.json().get("rows").get(0);
        assertThat(row.get("age").isIntegralNumber()).as("integers stay integers").isTrue();
        assertThat(row.get("last_order_at").asText()).isEqualTo("2026-11-01T10:00:00Z");
    }

    @Override
    protected boolean hasTenancy() {
        return true;
    }

    private QueryExecution lastQuery() {
        List<String> ids = lake.athena().listQueryExecutions(b -> b.workGroup(lake.workgroup)).queryExecutionIds();
        return ids.stream().map(id -> lake.athena().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution())
                .max(java.util.Comparator.comparing(q -> q.status().submissionDateTime())).orElseThrow();
    }

    @Test
    void everyRouteTheLambdaAnswers_isInTheOpenApiDocument() {
        Router router = FeatureApi.router(runtime);

        assertThat(OpenApiContract.operations()).containsAll(router.routes().stream().map(Router.Route::toString).toList());
    }

    @Override
    protected Map.Entry<String, Long> knownEntity() {
        return Map.entry("c2", 51L); // of the canned rows the version was calculated from
    }

    @Override
    protected void expectTrainingSet(List<Long> ages) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("__entity_row", "age"));
        for (int i = 0; i < ages.size(); i++) {
            rows.add(Arrays.asList(Integer.toString(i), ages.get(i) == null ? null : ages.get(i).toString()));
        }
        aws.cannedAthenaResults(rows, List.of("bigint", "bigint"));
    }

    @Override
    protected void assertNarrowedByTheEngine(int ids) {
        QueryExecution q = lastQuery();
        assertThat(q.workGroup()).isEqualTo(lake.workgroup);
        assertThat(q.query()).startsWith("SELECT \"id\", \"age\" FROM (SELECT * FROM \"" + lake.database + "\".\"customer\" WHERE \"org\" = 'acme'"
                + " AND \"version\" = '" + version + "' AND \"id\" IN ('nosuch-0', 'nosuch-1', ").endsWith(") \"__narrowed\" WHERE \"age\" >= 51 LIMIT 10001");
        assertThat(q.query().split("'nosuch-", -1)).as("every id inline (small enough: no temporary table)").hasSize(ids);
        assertThat(lake.glue().getTables(b -> b.databaseName(lake.database)).tableList())
                .extracting(software.amazon.awssdk.services.glue.model.Table::name).containsExactly("customer");
    }

    @Override
    protected void assertTrainingSetRan() {
        QueryExecution q = lastQuery();
        assertThat(q.workGroup()).isEqualTo(lake.workgroup);
        assertThat(q.query()).contains("FROM \"" + lake.database + "\".\"customer\" WHERE \"org\" = 'acme' AND \"version\" IN ('"
                + version + "')").containsPattern("FROM \"" + lake.database + "\".\"_featurestore_tmp_[0-9a-f]{32}\" \"__e\"");
        assertThat(lake.glue().getTables(b -> b.databaseName(lake.database)).tableList())
                .extracting(software.amazon.awssdk.services.glue.model.Table::name).containsExactly("customer");
        assertThat(runtime.s3Store().list("query-results/_tables/")).isEmpty();
    }
}
