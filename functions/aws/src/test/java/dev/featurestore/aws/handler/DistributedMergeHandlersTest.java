package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;
import static dev.featurestore.testing.SameStatistics.assertSameStatistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.runtime.MergeSettings;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed merge's Lambda handlers in the order the state machine runs them (MergePlan → Partition per
 * task → Join per task → Finalize), over S3, Glue on the emulator: the same version as the Merge function's,
 * by content checksum and statistics. Moto runs the Distributed Map itself too (MaterializationEndToEndTest);
 * this proves the tasks on the S3 adapter at a size with many tasks.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DistributedMergeHandlersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Schema PROFILE = Schema.of(new Field("age", FieldType.BIGINT), new Field("segment", FieldType.STRING));
    static final Schema ORDERS = Schema.of(new Field("orders_90d", FieldType.BIGINT), new Field("last_order_at", FieldType.TIMESTAMP));

    @TempDir
    static Path partials;

    private TestLake lake;
    private AwsRuntime runtime;

    @BeforeAll
    static void writePartials() {
        Random r = new Random(7);
        try (ParquetPartialWriter profile = ParquetPartialWriter.create(partials.resolve("customer_profile.parquet"), PROFILE, 20_000);
             ParquetPartialWriter orders = ParquetPartialWriter.create(partials.resolve("orders.parquet"), ORDERS, 15_000)) {
            for (int i = 0; i < 120_000; i++) {
                profile.write("c" + i, r.nextInt(30) == 0 ? null : (long) r.nextInt(90), "seg-" + r.nextInt(12));
                if (i % 4 != 0) {
                    orders.write("c" + (i * 2), (long) r.nextInt(40), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(r.nextInt(9_000_000)));
                }
            }
        }
    }

    @BeforeEach
    void setUp(AwsEmulator aws) {
        lake = new TestLake(aws);
        runtime = lake.runtime();
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
    }

    /** Plan, then the partials as Calculate would leave them; returns the Merge/MergePlan input. */
    private ObjectNode calculated() {
        JsonNode plan = invoke(new PlanHandler(runtime), Events.json("plan.json"));
        JsonNode[] outcomes = new JsonNode[plan.get("functions").size()];
        for (int i = 0; i < outcomes.length; i++) {
            String fn = plan.get("functions").get(i).get("function").asText();
            runtime.store().putFile(Layout.partial("customer", "acme", plan.get("runId").asText(), fn), partials.resolve(fn + ".parquet"));
            outcomes[i] = JSON.createObjectNode().put("function", fn).put("rows", 1).put("durationMs", 1);
        }
        return mergeInput(plan, outcomes);
    }

    private MergeSettings settings(String mode, long taskRows) {
        return MergeSettings.from(Map.of("MERGE_MODE", mode, "MERGE_TASK_ROWS", Long.toString(taskRows)));
    }

    private Manifest manifest(JsonNode result) {
        return runtime.versions().manifest("customer", "acme", result.get("version").asText());
    }

    @Test
    void handlersInSequence_publishTheSameVersionAsTheMergeFunction() {
        JsonNode single = invoke(new MergeHandler(runtime), calculated());
        Manifest a = manifest(single);

        JsonNode planned = invoke(new MergePlanHandler(runtime, settings("distributed", 40_000)), calculated());
        JsonNode merge = planned.get("merge");
        assertThat(merge.get("distributed").asBoolean()).isTrue();
        assertThat(merge.get("rows").asLong()).isEqualTo(120_000 + 90_000);
        assertThat(merge.get("partitionTasks")).hasSize(3 + 2); // 120k rows in 20k-row groups, 90k in 15k-row groups: ranges of 40k and 45k rows
        assertThat(merge.get("joinTasks")).hasSize(6);
        for (JsonNode task : merge.get("partitionTasks")) {
            JsonNode done = invoke(new PartitionHandler(runtime), item(planned, task.asInt()));
            assertThat(done.get("stagedBytes").asLong()).isPositive();
        }
        for (JsonNode task : merge.get("joinTasks")) {
            invoke(new JoinHandler(runtime), item(planned, task.asInt()));
        }
        JsonNode finished = invoke(new FinalizeHandler(runtime), planned);
        Manifest b = manifest(finished);

        assertThat(finished.get("published").asBoolean()).isTrue();
        assertThat(runtime.versions().current("customer", "acme")).contains(b.version());
        assertThat(b.rowCount()).isEqualTo(a.rowCount()).isEqualTo(120_000 + 45_000); // orders ids c0..c239998 (even): 45k beyond the profiles
        assertThat(b.contentChecksum()).isEqualTo(a.contentChecksum());
        assertSameStatistics(JSON.valueToTree(b.stats()), JSON.valueToTree(a.stats()));
        assertThat(b.files()).hasSize(6).allSatisfy(f -> assertThat(f.etag()).isPresent());
        assertThat(b.lookup().buckets()).isEqualTo(a.lookup().buckets());
        assertThat(runtime.store().list("staging/")).isEmpty();
        runtime.versions().verifyFiles(b);
        List<String> partitions = lake.glue().getPartitions(x -> x.databaseName(lake.database).tableName("customer")).partitions()
                .stream().map(p -> p.values().get(1)).toList();
        assertThat(partitions).containsExactlyInAnyOrder(a.version(), b.version());
    }

    @Test
    void mergePlan_belowTheCeiling_choosesTheMergeFunction_andWritesNoTaskPlan() {
        JsonNode planned = invoke(new MergePlanHandler(runtime, settings("auto", 10_000_000)), calculated());

        assertThat(planned.get("merge").get("distributed").asBoolean()).isFalse();
        assertThat(planned.get("merge").get("cells").asLong()).isEqualTo(210_000L * 4);
        assertThat(planned.has("outcomes")).isTrue();
        assertThat(runtime.store().list("staging/")).noneMatch(k -> k.contains("/merge/"));
    }

    @Test
    void mergePlan_neverDistributesAReproduction_evenWhenForced() {
        ObjectNode reproduction = calculated();
        reproduction.put("reproduce", "20261124T031500Z-3f9a");

        JsonNode planned = invoke(new MergePlanHandler(runtime, settings("distributed", 40_000)), reproduction);

        assertThat(planned.get("merge").get("distributed").asBoolean()).isFalse();
        assertThat(planned.get("reproduce").asText()).isEqualTo("20261124T031500Z-3f9a");
        assertThat(runtime.store().list("staging/")).noneMatch(k -> k.contains("/merge/"));
    }

    @Test
    void finalize_whenAJoinTaskDidNotFinish_failsTheRunWithoutPublishing_andCleansUp() {
        JsonNode planned = invoke(new MergePlanHandler(runtime, settings("distributed", 40_000)), calculated());
        for (JsonNode task : planned.get("merge").get("partitionTasks")) {
            invoke(new PartitionHandler(runtime), item(planned, task.asInt()));
        }
        for (JsonNode task : planned.get("merge").get("joinTasks")) {
            if (task.asInt() != 2) {
                invoke(new JoinHandler(runtime), item(planned, task.asInt()));
            }
        }
        String run = planned.get("runId").asText();

        assertThatThrownBy(() -> invoke(new FinalizeHandler(runtime), planned)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot finalize the merge of run " + run + ": join task 2 did not finish (s3://");

        assertThat(runtime.versions().current("customer", "acme")).isEmpty();
        assertThat(runtime.store().list("staging/")).isEmpty();
        assertThat(runtime.store().list("features/")).noneMatch(k -> k.endsWith(".parquet"));
        assertThat(runtime.versions().run("customer", "acme", run).orElseThrow().status()).isEqualTo(RunRecord.Status.FAILED);
    }

    @Test
    void taskEvent_withoutATaskNumber_isABadEvent() {
        JsonNode planned = invoke(new MergePlanHandler(runtime, settings("distributed", 40_000)), calculated());
        ObjectNode event = item(planned, 0);
        event.put("task", "zero");

        assertThatThrownBy(() -> invoke(new PartitionHandler(runtime), event)).isInstanceOf(dev.featurestore.error.UsageException.class)
                .hasMessage("Cannot read event: \"task\" must be the task's number (0 or more), not \"zero\"");
    }

    /** An iteration's input as the Distributed Map's ItemSelector builds it. */
    private static ObjectNode item(JsonNode planned, int task) {
        ObjectNode item = JSON.createObjectNode();
        for (String k : List.of("group", "org", "runId", "version")) {
            item.set(k, planned.get(k));
        }
        item.put("task", task);
        return item;
    }
}
