package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.FailingObjectStore;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.error.DataException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.error.UsageException;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;

/** Plan → Calculate (per function) → Merge, and the Catch path, driven by the sample events on the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
class CalculationHandlersTest {
    private static final Schema ORDERS = Schema.of(new Field("orders_90d", FieldType.BIGINT), new Field("last_order_at", FieldType.TIMESTAMP));

    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;

    @BeforeEach
    void setUp(AwsEmulator aws) {
        aws.requireMoto("Athena source queries need moto's canned results");
        this.aws = aws;
        lake = new TestLake(aws);
        runtime = lake.runtime();
    }

    private void cannedCustomers() {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34"), Arrays.asList("c2", "51"),
                Arrays.asList("c3", null)), List.of("varchar", "bigint"));
    }

    private JsonNode plan() {
        return invoke(new PlanHandler(runtime), Events.json("plan.json"));
    }

    private JsonNode calculate(JsonNode item) {
        return invoke(new CalculateHandler(runtime), item);
    }

    /** Runs every function of the plan, the Java one first (it takes the canned Athena result). */
    private JsonNode[] calculateAll(JsonNode plan) {
        cannedCustomers();
        JsonNode[] outcomes = new JsonNode[plan.get("functions").size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = calculate(plan.get("functions").get(i));
        }
        return outcomes;
    }

    private JsonNode publishedRun() {
        JsonNode plan = plan();
        return invoke(new MergeHandler(runtime), mergeInput(plan, calculateAll(plan)));
    }

    private static String describe(Column c) {
        return c.name() + " " + c.type();
    }

    @Test
    void plan_returnsRunIds_andOneMapItemObjectPerFunction() {
        JsonNode plan = plan();

        String runId = plan.get("runId").asText();
        assertThat(plan.get("group").asText()).isEqualTo("customer");
        assertThat(plan.get("org").asText()).isEqualTo("acme");
        assertThat(plan.get("version").asText()).isEqualTo(runId);
        assertThat(plan.get("configHash").asText()).hasSize(64);
        assertThat(plan.get("functions")).extracting(f -> f.get("function").asText()).containsExactly("customer_profile", "orders");
        assertThat(plan.get("functions").get(1).get("runId").asText()).isEqualTo(runId);
        assertThat(runtime.versions().run("customer", "acme", runId)).hasValueSatisfying(r ->
                assertThat(r.status()).isEqualTo(RunRecord.Status.RUNNING));
    }

    @Test
    void calculate_javaFunction_writesItsPartialFromAnAthenaQuery() {
        JsonNode plan = plan();
        cannedCustomers();

        JsonNode outcome = calculate(plan.get("functions").get(0));

        assertThat(outcome.get("function").asText()).isEqualTo("customer_profile");
        assertThat(outcome.get("rows").asLong()).isEqualTo(3);
        assertThat(outcome.get("queries").get(0).asText()).isEqualTo("SELECT id, age FROM customers");
        assertThat(outcome.get("queryIds")).hasSize(1);
        assertThat(runtime.store().exists(Layout.partial("customer", "acme", plan.get("runId").asText(), "customer_profile"))).isTrue();
    }

    @Test
    void calculate_sqlFunction_unloadsWithAthena_andJoinsThePartsIntoOnePartial(@TempDir Path dir) {
        JsonNode plan = plan();
        JsonNode item = plan.get("functions").get(1);
        // moto runs no SQL: the parts Athena's UNLOAD would write appear while the query runs
        String prefix = Layout.stagingRun("customer", "acme", plan.get("runId").asText()) + "unload/orders/";
        writePart(dir.resolve("a.parquet"), "c1", 4L);
        writePart(dir.resolve("b.parquet"), "c2", 0L);
        AwsRuntime athenaWrites = runtime.withStore(FailingObjectStore.beforeListing(runtime.store(), prefix::equals, () -> {
            runtime.store().putFile(prefix + "20261124_a.parquet", dir.resolve("a.parquet"));
            runtime.store().putFile(prefix + "20261124_b.parquet", dir.resolve("b.parquet"));
        }));

        JsonNode outcome = invoke(new CalculateHandler(athenaWrites), item);

        assertThat(outcome.get("rows").asLong()).isEqualTo(2);
        String queryId = outcome.get("queryIds").get(0).asText();
        String sql = lake.athena().getQueryExecution(b -> b.queryExecutionId(queryId)).queryExecution().query();
        assertThat(sql).startsWith("UNLOAD (SELECT customer_id AS id,").contains("TO 's3://" + lake.bucket + "/" + prefix + "'")
                .endsWith("WITH (format = 'PARQUET', compression = 'SNAPPY')");
        assertThat(runtime.store().list(prefix)).as("the parts are gone once joined").isEmpty();
        assertThat(runtime.store().exists(Layout.partial("customer", "acme", plan.get("runId").asText(), "orders"))).isTrue();
    }

    private static void writePart(Path file, String id, long orders) {
        try (ParquetPartialWriter w = ParquetPartialWriter.create(file, ORDERS)) {
            w.write(id, orders, Instant.parse("2026-11-20T10:00:00Z"));
        }
    }

    @Test
    void calculate_sqlFunction_writesAnEmptyPartial_whenTheUnloadWroteNoFile() {
        JsonNode plan = plan();

        JsonNode outcome = calculate(plan.get("functions").get(1));

        assertThat(outcome.get("rows").asLong()).isZero();
        assertThat(runtime.store().exists(Layout.partial("customer", "acme", plan.get("runId").asText(), "orders"))).isTrue();
    }

    @Test
    void merge_publishesTheVersion_evolvesGlue_andCleansStaging() {
        JsonNode plan = plan();
        String version = plan.get("version").asText();

        JsonNode merged = invoke(new MergeHandler(runtime), mergeInput(plan, calculateAll(plan)));

        assertThat(merged.get("published").asBoolean()).isTrue();
        assertThat(merged.get("rows").asLong()).isEqualTo(3);
        assertThat(runtime.versions().current("customer", "acme")).hasValue(version);
        assertThat(runtime.versions().manifest("customer", "acme", version).rowCount()).isEqualTo(3);
        var table = lake.glue().getTable(b -> b.databaseName(lake.database).name("customer")).table();
        assertThat(table.storageDescriptor().columns()).extracting(CalculationHandlersTest::describe)
                .containsExactly("id string", "age bigint", "segment string", "orders_90d bigint", "last_order_at timestamp");
        assertThat(runtime.catalog().partitions("customer", "acme")).containsExactly(version);
        assertThat(runtime.store().list("staging/")).isEmpty();
        assertThat(runtime.versions().run("customer", "acme", plan.get("runId").asText())).hasValueSatisfying(r ->
                assertThat(r.status()).isEqualTo(RunRecord.Status.SUCCEEDED));
    }

    @Test
    void merge_failsAndKeepsTheCurrentVersion_whenAPartialIsMissing() {
        String current = publishedRun().get("version").asText();
        JsonNode plan = plan();
        JsonNode[] outcomes = calculateAll(plan);
        runtime.store().delete(Layout.partial("customer", "acme", plan.get("runId").asText(), "orders"));

        assertThatThrownBy(() -> invoke(new MergeHandler(runtime), mergeInput(plan, outcomes)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge run " + plan.get("runId").asText() + " of group 'customer' for org 'acme': the partial of"
                        + " function 'orders' is missing (" + runtime.store().uri(Layout.partial("customer", "acme",
                        plan.get("runId").asText(), "orders")) + "; the function did not write it — see its log)");

        assertThat(runtime.versions().current("customer", "acme")).hasValue(current);
        assertThat(runtime.versions().run("customer", "acme", plan.get("runId").asText())).hasValueSatisfying(r ->
                assertThat(r.status()).isEqualTo(RunRecord.Status.FAILED));
    }

    @Test
    void merge_failsAndKeepsTheCurrentVersion_whenS3FailsInTheMiddle() {
        String current = publishedRun().get("version").asText();
        JsonNode plan = plan();
        JsonNode[] outcomes = calculateAll(plan);
        String newVersion = Layout.version("customer", "acme", plan.get("version").asText());
        // the first upload of the new version's data fails: partials fetched and merged, nothing published yet
        AwsRuntime failing = runtime.withStore(new FailingObjectStore(runtime.store(), k -> k.startsWith(newVersion), 1));

        assertThatThrownBy(() -> invoke(new MergeHandler(failing), mergeInput(plan, outcomes)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("503 SlowDown: injected by the test");

        assertThat(runtime.versions().current("customer", "acme")).hasValue(current);
        assertThat(runtime.store().list(newVersion)).as("the unpublished version is deleted").isEmpty();
        assertThat(runtime.catalog().partitions("customer", "acme")).containsExactly(current);
        assertThat(invoke(new PlanHandler(runtime), Events.json("plan.json")).get("runId").asText())
                .as("the lock was released").isNotEqualTo(plan.get("runId").asText());
    }

    @Test
    void failure_recordsTheFailedRun_releasesTheLock_andKeepsTheCurrentVersion() {
        String current = publishedRun().get("version").asText();
        JsonNode plan = plan();
        ObjectNode event = Events.json("failure.json");
        for (String key : List.of("runId", "version", "configHash", "startedAt", "functions")) {
            event.set(key, plan.get(key));
        }

        JsonNode result = invoke(new FailureHandler(runtime), event);

        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("reason").asText()).startsWith("dev.featurestore.error.QueryException: ");
        assertThat(runtime.versions().run("customer", "acme", plan.get("runId").asText())).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(RunRecord.Status.FAILED);
            assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("TABLE_NOT_FOUND"));
        });
        assertThat(runtime.versions().current("customer", "acme")).hasValue(current);
        assertThat(plan().get("runId").asText()).as("the lock was released").isNotEqualTo(plan.get("runId").asText());
    }

    @Test
    void failure_recordsNothing_whenPlanItselfFailed() {
        JsonNode result = invoke(new FailureHandler(runtime), Events.write(Events.JSON.createObjectNode().put("group", "customer")
                .put("org", "acme").set("error", Events.JSON.createObjectNode().put("Error", "States.Timeout").put("Cause", "late"))));

        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("reason").asText()).isEqualTo("States.Timeout: late");
        assertThat(runtime.versions().runs("customer", "acme")).isEmpty();
    }

    @Test
    void plan_rejectsAMalformedEvent() {
        assertThatThrownBy(() -> invoke(new PlanHandler(runtime), Events.bytes("plan-malformed.json")))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot read event: \"group\" must be a non-empty string, not [\"customer\"]");
        assertThatThrownBy(() -> invoke(new PlanHandler(runtime), "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot read event: not valid JSON (");
        assertThatThrownBy(() -> invoke(new CalculateHandler(runtime), Events.json("plan.json")))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot read event: \"runId\" is missing (the event needs runId)");
    }

    @Test
    void plan_failsWithNotFound_forAnUnknownGroupOrOrg() {
        assertThatThrownBy(() -> invoke(new PlanHandler(runtime), Events.bytes("plan-unknown-group.json")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("Cannot find group 'vendors' (known groups: customer;");
        assertThatThrownBy(() -> invoke(new PlanHandler(runtime), Events.write(Events.json("plan.json").put("org", "initech"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("Cannot find org 'initech' in group 'customer' (known orgs: acme, globex;");
    }

    @Test
    void calculate_failsWithNotFound_forAnUnknownFunction() {
        JsonNode plan = plan();
        ObjectNode item = plan.get("functions").get(0).deepCopy();
        item.put("function", "nope");

        assertThatThrownBy(() -> calculate(item)).isInstanceOf(NotFoundException.class)
                .hasMessage("Cannot find function 'nope' in group 'customer' for org 'acme' (known: [customer_profile, orders])");
    }

    @Test
    void sampleEvents_haveTheShapesTheHandlersRead() {
        JsonNode merge = Events.json("merge.json");
        assertThat(StepEvents.readPlan(merge).functions()).containsExactly("customer_profile", "orders");
        assertThat(StepEvents.readOutcomes(merge)).extracting(o -> o.function() + ":" + o.rows()).containsExactly("customer_profile:3", "orders:2");
        assertThat(Events.json("calculate.json").get("function").asText()).isEqualTo("customer_profile");
    }
}
