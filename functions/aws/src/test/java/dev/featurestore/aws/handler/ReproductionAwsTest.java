package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.sources.GlueSourceFingerprints;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.Steps;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Lineage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Source fingerprints on AWS (Glue table versions, S3 ETags and sizes recorded by the Merge step) and
 * reproductions: {@code POST /groups/{group}/versions/{version}/reproductions} through the Query handler starts the
 * state machine in reproduce mode (its input asserted), then the steps run in-process on the emulator as the state
 * machine would run them, and the Merge step's report says what changed.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ReproductionAwsTest {
    private static final String ACME = "arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice";

    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;
    private String sources;
    private SfnClient sfn;
    private String stateMachine;

    @BeforeEach
    void setUp(AwsEmulator aws) {
        aws.requireMoto("Athena source queries need moto's canned results; Step Functions executions on the emulator");
        this.aws = aws;
        lake = new TestLake(aws);
        sources = "src-" + UUID.randomUUID().toString().substring(0, 8);
        lake.s3().createBucket(b -> b.bucket(sources));
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
        sourceTable("customers");
        sourceTable("orders");
        sourceTable("returns"); // no function reads it: not recorded
        put("customers/part-0.parquet", "c0");
        put("orders/part-0.parquet", "o0");
        put("orders/part-1.parquet", "o1");
        put("returns/part-0.parquet", "r0");
        sfn = lake.clients.sfn();
        stateMachine = lake.createStateMachine();
        runtime = lake.runtime();
    }

    private void sourceTable(String name) {
        lake.glue().createTable(b -> b.databaseName(lake.database).tableInput(t -> t.name(name)
                .storageDescriptor(sd -> sd.location("s3://" + sources + "/" + name))));
    }

    private void put(String key, String content) {
        lake.s3().putObject(b -> b.bucket(sources).key(key), RequestBody.fromString(content));
    }

    private String etag(String key) {
        return lake.s3().headObject(b -> b.bucket(sources).key(key)).eTag();
    }

    private JsonNode runSteps(JsonNode input) {
        return Steps.run(aws, runtime, input);
    }

    private String calculate() {
        return Steps.publish(aws, runtime);
    }

    private JsonNode api(String method, String path, String body, Map<String, String> query) {
        return invoke(new QueryHandler(lake.runtime()), Events.api(method, path, body, query, ACME));
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return Events.JSON.readTree(response.get("body").asText());
    }

    @Test
    void merge_recordsTheGlueTableVersionsAndS3ObjectsOfTheTablesTheRunRead() {
        String version = calculate();

        List<Lineage.SourceFingerprint> recorded = runtime.versions().manifest("customer", "acme", version).lineage().sources();

        String s3 = "s3://" + sources + "/";
        assertThat(recorded).containsExactly(
                new Lineage.SourceFingerprint("customers", s3 + "customers", null, null, null, "1"),
                new Lineage.SourceFingerprint("customers", s3 + "customers/part-0.parquet", 2L, null, etag("customers/part-0.parquet"), null),
                new Lineage.SourceFingerprint("orders", s3 + "orders", null, null, null, "1"),
                new Lineage.SourceFingerprint("orders", s3 + "orders/part-0.parquet", 2L, null, etag("orders/part-0.parquet"), null),
                new Lineage.SourceFingerprint("orders", s3 + "orders/part-1.parquet", 2L, null, etag("orders/part-1.parquet"), null));
    }

    @Test
    void fingerprints_overTheCap_recordOneEntryForAllObjects_withANote() {
        put("orders/part-2.parquet", "o22");
        GlueSourceFingerprints capped = new GlueSourceFingerprints(lake.glue(), lake.s3(), org -> lake.database, 2);
        ResolvedGroup group = runtime.resolve("customer", "acme");

        List<Lineage.SourceFingerprint> fp = capped.of(group, List.of("select * from orders"));

        assertThat(fp).hasSize(2);
        Lineage.SourceFingerprint all = fp.get(1);
        assertThat(all.location()).isEqualTo("s3://" + sources + "/orders/*");
        assertThat(all.objects()).isEqualTo(3L);
        assertThat(all.bytes()).isEqualTo(7L);
        assertThat(all.etag()).matches("sha256:[0-9a-f]{64}");
        assertThat(all.note()).isEqualTo("3 objects, more than the 2 recorded one by one: etag is the SHA-256 of every object's key, size"
                + " and ETag in key order");
        put("orders/part-1.parquet", "o9");
        assertThat(capped.of(group, List.of("select * from orders")).get(1).etag()).isNotEqualTo(all.etag());
    }

    @Test
    void reproduce_throughTheApi_startsTheStateMachineInReproduceMode_andTheMergeStepReportsWhatChanged() throws IOException {
        String version = calculate();
        var versionsBefore = runtime.versions().versions("customer", "acme");

        JsonNode started = api("POST", "/groups/customer/versions/" + version + "/reproductions", null, Map.of());

        assertThat(started.get("statusCode").asInt()).as(started.toString()).isEqualTo(202);
        String id = body(started).get("reproduction").asText();
        assertThat(body(started).get("poll").asText()).isEqualTo("/groups/customer/versions/" + version + "/reproductions/" + id + "?org=acme");
        String executionArn = stateMachine.replace(":stateMachine:", ":execution:") + ":" + id;
        JsonNode input = Events.JSON.readTree(sfn.describeExecution(b -> b.executionArn(executionArn)).input());
        assertThat(input).isEqualTo(Events.JSON.readTree("{\"group\": \"customer\", \"org\": \"acme\", \"reproduce\": \"" + version + "\"}"));
        JsonNode running = api("GET", "/groups/customer/versions/" + version + "/reproductions/" + id, null, Map.of());
        assertThat(running.get("statusCode").asInt()).isEqualTo(202);
        assertThat(body(running).get("status").asText()).isEqualTo("RUNNING");
        JsonNode asRun = api("GET", "/groups/customer/runs/" + id, null, Map.of());
        assertThat(asRun.get("statusCode").asInt()).as("a reproduction is not listed as a run").isEqualTo(404);

        JsonNode same = runSteps(input);

        assertThat(same.get("published").asBoolean()).isFalse();
        assertThat(same.get("reproduce").asText()).isEqualTo(version);
        JsonNode report = same.get("report");
        assertThat(report.get("identical").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("source_changes")).isEmpty();
        String scratch = same.get("version").asText();
        assertThat(runtime.versions().versions("customer", "acme")).isEqualTo(versionsBefore);
        assertThat(runtime.versions().current("customer", "acme")).hasValue(version);
        assertThat(runtime.versions().run("customer", "acme", same.get("runId").asText())).isEmpty();
        assertThat(runtime.store().exists(Layout.manifest("customer", "acme", scratch))).isFalse();
        assertThat(runtime.store().list("staging/")).isEmpty();
        assertThat(runtime.catalog().partitions("customer", "acme")).containsExactly(version);

        String before = etag("orders/part-1.parquet");
        put("orders/part-1.parquet", "o1 changed");
        lake.glue().updateTable(b -> b.databaseName(lake.database).tableInput(t -> t.name("customers")
                .storageDescriptor(sd -> sd.location("s3://" + sources + "/customers")).description("touched")));

        JsonNode changed = runSteps(input).get("report");

        assertThat(changed.get("identical").asBoolean()).isTrue();
        assertThat(changed.get("source_changes")).extracting(JsonNode::asText).containsExactly(
                "customers: s3://" + sources + "/customers changed (Glue table version 1 → 2)",
                "orders: s3://" + sources + "/orders/part-1.parquet changed (ETag " + before + " → " + etag("orders/part-1.parquet") + ")");
    }

    @Test
    void reproduce_aVersionWithoutLineage_is409_andStartsNothing() throws IOException {
        String version = calculate();
        ObjectNode old = (ObjectNode) Events.JSON.readTree(runtime.store().get(Layout.manifest("customer", "acme", version)).orElseThrow());
        old.remove("lineage");
        old.put("version", "20200101T000000Z-0001");
        runtime.store().put(Layout.manifest("customer", "acme", "20200101T000000Z-0001"), Events.JSON.writeValueAsBytes(old));

        JsonNode response = api("POST", "/groups/customer/versions/20200101T000000Z-0001/reproductions", "{\"org\": \"acme\"}", Map.of());

        assertThat(response.get("statusCode").asInt()).isEqualTo(409);
        assertThat(body(response).get("message").asText()).isEqualTo("Cannot reproduce version '20200101T000000Z-0001' of group 'customer'"
                + " for org 'acme': its manifest records no lineage (it was calculated before lineage was recorded; calculate again to get"
                + " a reproducible version)");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(stateMachine)).executions()).isEmpty();
    }

    @Test
    void failure_ofAReproduction_deletesOnlyItsStaging_andLeavesANormalRunsLockAlone() {
        String version = calculate();
        JsonNode normal = invoke(new PlanHandler(runtime), Events.json("plan.json"));
        ObjectNode input = Events.JSON.createObjectNode().put("group", "customer").put("org", "acme").put("reproduce", version);
        JsonNode plan = invoke(new PlanHandler(runtime), input);
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34")), List.of("varchar", "bigint"));
        invoke(new CalculateHandler(runtime), plan.get("functions").get(0));
        ObjectNode failed = plan.deepCopy();
        failed.putObject("error").put("Error", "DataException").put("Cause", "boom");

        JsonNode result = invoke(new FailureHandler(runtime), failed);

        assertThat(result.get("reproduce").asText()).isEqualTo(version);
        assertThat(runtime.store().list(Layout.stagingRun("customer", "acme", plan.get("runId").asText()))).isEmpty();
        assertThat(runtime.versions().run("customer", "acme", plan.get("runId").asText())).isEmpty();
        assertThat(runtime.versions().holdsLock("customer", "acme", normal.get("runId").asText())).isTrue();
        ObjectNode abandoned = Events.JSON.createObjectNode().put("detail-type", FailureHandler.STATUS_CHANGE);
        abandoned.putObject("detail").put("status", "TIMED_OUT").put("input", input.toString()).put("startDate", 0L);
        invoke(new FailureHandler(runtime), abandoned);
        assertThat(runtime.versions().holdsLock("customer", "acme", normal.get("runId").asText())).isTrue();
    }
}
