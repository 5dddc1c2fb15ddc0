package dev.featurestore.infra;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.handler.CalculateHandler;
import dev.featurestore.aws.handler.FailureHandler;
import dev.featurestore.aws.handler.FinalizeHandler;
import dev.featurestore.aws.handler.JoinHandler;
import dev.featurestore.aws.handler.MergePlanHandler;
import dev.featurestore.aws.handler.PartitionHandler;
import dev.featurestore.aws.runtime.MergeSettings;
import dev.featurestore.aws.handler.MergeHandler;
import dev.featurestore.aws.handler.PlanHandler;
import dev.featurestore.aws.handler.QueryHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsCallRecorder;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Least privilege, proven on the emulator: each handler runs with its own SDK clients, an interceptor records
 * every AWS call (IAM action + resource ARN), and each call must be allowed by that function's role policy in the
 * synthesized dev template. Covers a whole run (Plan, both Calculates, Merge), a Merge retried after its first
 * attempt died past the Glue partition, the Catch path, and every API route of the sample events.
 */
@ExtendWith(AwsEmulatorExtension.class)
class LeastPrivilegeTest {
    private static final String ACCOUNT = "123456789012";

    private AwsEmulator aws;
    private TestLake lake;
    private JsonNode template;
    private final Map<String, AwsCallRecorder> recorders = new LinkedHashMap<>();

    @BeforeEach
    void setUp(AwsEmulator aws) {
        aws.requireMoto("the Java function's Athena source query needs moto's canned results");
        this.aws = aws;
        // moto's canned Athena results are one queue for the whole emulator: a result an earlier test queued and did
        // not use would answer this test's first query (the reproduction test then saw another run's rows)
        aws.reset();
        lake = new TestLake(aws);
        template = Synthesized.tree("dev");
        // the stack creates the database (Catalog); the functions never do
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
        // ... and the API's own workgroup, where Query runs its queries
        try (var athena = lake.athena()) {
            athena.createWorkGroup(b -> b.name(apiWorkgroup()));
        }
    }

    private String apiWorkgroup() {
        return lake.workgroup + "-api";
    }

    @Test
    void everyCallOfAWholeRun_isAllowedByItsFunctionsPolicy() {
        JsonNode plan = invoke(new PlanHandler(runtimeOf("PlanHandler")), Events.json("plan.json"));
        JsonNode merged = invoke(new MergeHandler(runtimeOf("MergeHandler")), mergeInput(plan, calculateAll(plan)));

        assertThat(merged.path("published").asBoolean()).isTrue();
        assertAllowed();
        assertThat(recorded("MergeHandler")).contains("glue:CreatePartition", "s3:PutObject", "s3:DeleteObject");
    }

    /** The distributed merge's functions, each task driven as the Distributed Map runs it (one row group per task). */
    @Test
    void everyCallOfADistributedMerge_isAllowedByItsFunctionsPolicy() {
        JsonNode plan = invoke(new PlanHandler(runtimeOf("PlanHandler")), Events.json("plan.json"));
        MergeSettings distributed = MergeSettings.from(Map.of("MERGE_MODE", "distributed", "MERGE_TASK_ROWS", "1"));
        JsonNode planned = invoke(new MergePlanHandler(runtimeOf("MergePlanHandler"), distributed), mergeInput(plan, calculateAll(plan)));
        for (JsonNode task : planned.at("/merge/partitionTasks")) {
            invoke(new PartitionHandler(runtimeOf("PartitionHandler")), taskEvent(planned, task.asInt()));
        }
        for (JsonNode task : planned.at("/merge/joinTasks")) {
            invoke(new JoinHandler(runtimeOf("JoinHandler")), taskEvent(planned, task.asInt()));
        }
        JsonNode finished = invoke(new FinalizeHandler(runtimeOf("FinalizeHandler")), planned);

        assertThat(finished.path("published").asBoolean()).isTrue();
        assertAllowed();
        assertThat(recorded("JoinHandler")).contains("s3:PutObject", "s3:GetObject");
        assertThat(recorded("FinalizeHandler")).contains("glue:CreatePartition", "s3:PutObject", "s3:DeleteObject");
    }

    private static ObjectNode taskEvent(JsonNode planned, int task) {
        ObjectNode event = Events.JSON.createObjectNode();
        for (String k : List.of("group", "org", "runId", "version")) {
            event.set(k, planned.get(k));
        }
        return event.put("task", task);
    }

    /**
     * A Merge that died after registering the partition (Lambda timeout, killed container) is retried by Step
     * Functions with the same input: the partition exists, so the Glue adapter updates it. The Merge role lacked
     * glue:UpdatePartition, so on AWS the retry failed with AccessDenied: this test found it.
     */
    @Test
    void retriedMerge_afterDyingPastThePartition_isAllowed() {
        JsonNode plan = invoke(new PlanHandler(runtimeOf("PlanHandler")), Events.json("plan.json"));
        ObjectNode input = mergeInput(plan, calculateAll(plan));
        AwsRuntime dying = AwsRuntime.create(lake.env, lake.clients.withInterceptor(new DieAfter("CreatePartition")));
        assertThatThrownBy(() -> invoke(new MergeHandler(dying), input)).isInstanceOf(Died.class);

        JsonNode retried = invoke(new MergeHandler(runtimeOf("MergeHandler")), input);

        assertThat(retried.path("published").asBoolean()).isTrue();
        assertThat(recorded("MergeHandler")).contains("glue:UpdatePartition");
        assertAllowed();
    }

    @Test
    void theCatchPath_isAllowed() {
        JsonNode plan = invoke(new PlanHandler(runtimeOf("PlanHandler")), Events.json("plan.json"));
        ObjectNode failed = ((ObjectNode) plan.deepCopy());
        failed.set("error", Events.json("failure.json").get("error"));

        JsonNode result = invoke(new FailureHandler(runtimeOf("FailureHandler")), failed);

        assertThat(result.path("status").asText()).isEqualTo("FAILED");
        assertThat(recorded("FailureHandler")).contains("s3:DeleteObject", "s3:PutObject");
        assertAllowed();
    }

    @Test
    void everyApiRoute_isAllowed() {
        JsonNode plan = invoke(new PlanHandler(lake.runtime()), Events.json("plan.json"));
        invoke(new MergeHandler(lake.runtime()), mergeInput(plan, calculateAll(plan, lake.runtime())));
        QueryHandler query = new QueryHandler(runtimeOf("QueryHandler"));
        List<String> statuses = new ArrayList<>();
        // the training set first: moto hands canned results to queries in order, and the routes that query no
        // Athena leave theirs queued
        for (String event : List.of("api-post-training-set.json", "api-get-groups.json", "api-get-group.json", "api-get-group-unknown.json",
                "api-post-features.json", "api-post-features-parquet.json", "api-post-features-bad-filter.json",
                "api-post-features-other-org.json", "api-get-drift.json")) {
            if (event.equals("api-post-training-set.json")) {
                aws.cannedAthenaResults(List.of(Arrays.asList("__entity_row", "age"), Arrays.asList("0", "34"), Arrays.asList("1", null)),
                        List.of("bigint", "bigint"));
            } else {
                aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34")), List.of("varchar", "bigint"));
            }
            JsonNode answer = invoke(query, Events.bytes(event));
            statuses.add(event + " " + answer.path("statusCode").asInt() + (answer.path("statusCode").asInt() == 200 ? "" : " " + answer.path("body").asText()));
        }

        assertThat(statuses).noneMatch(s -> s.contains(".json 5")).contains("api-post-training-set.json 200");
        assertThat(recorded("QueryHandler")).contains("s3:GetObject", "athena:StartQueryExecution",
                "glue:CreateTable", "glue:DeleteTable", "s3:DeleteObject");
        assertAllowed();
    }

    @Test
    void temporaryTableGrants_nameWhatTheAdapterCreates() {
        assertThat(FeatureFunctions.TEMPORARY_TABLE_NAMES).isEqualTo(dev.featurestore.aws.glue.TemporaryTables.TABLE_PREFIX + "*");
        assertThat(DataLake.TEMPORARY_TABLES).isEqualTo(DataLake.QUERY_RESULTS + dev.featurestore.aws.glue.TemporaryTables.KEY_PREFIX);
    }

    /**
     * A run whose functions read source tables: Merge fingerprints them (glue:GetTables on the org's source
     * database, s3:ListBucket on the source bucket), then a reproduction of the version runs every step in
     * reproduce mode (Plan and Calculate read the version's manifest) and its Catch path; all within the policies.
     */
    @Test
    void fingerprintingTheSources_andAReproduction_areAllowed() {
        sourceTables();
        JsonNode plan = invoke(new PlanHandler(runtimeOf("PlanHandler")), Events.json("plan.json"));
        JsonNode merged = invoke(new MergeHandler(runtimeOf("MergeHandler")), mergeInput(plan, calculateAll(plan)));
        String version = merged.get("version").asText();
        assertThat(lake.runtime().versions().manifest("customer", "acme", version).lineage().sources())
                .extracting(f -> f.location()).contains("s3://" + SOURCE_BUCKET + "/orders/part-0.parquet");

        ObjectNode input = Events.JSON.createObjectNode().put("group", "customer").put("org", "acme").put("reproduce", version);
        JsonNode scratch = invoke(new PlanHandler(runtimeOf("PlanHandler")), input);
        JsonNode report = invoke(new MergeHandler(runtimeOf("MergeHandler")), mergeInput(scratch, calculateAll(scratch)));
        JsonNode again = invoke(new PlanHandler(runtimeOf("PlanHandler")), input);
        ObjectNode failed = (ObjectNode) again.deepCopy();
        failed.set("error", Events.json("failure.json").get("error"));
        invoke(new FailureHandler(runtimeOf("FailureHandler")), failed);

        assertThat(report.get("report").get("identical").asBoolean()).as(report.toString()).isTrue();
        assertThat(recorded("MergeHandler")).contains("glue:GetTables", "s3:ListBucket");
        assertAllowed();
    }

    /** The dev environment's source bucket as this test names it on the emulator (bucket names are global there). */
    private static final String SOURCE_BUCKET = "featurestore-dev-sources-" + UUID.randomUUID().toString().substring(0, 8);

    /** Source tables customers and orders in acme's source database (dev: sources_{org}), data in the source bucket. */
    private void sourceTables() {
        String database = "sources_acme";
        lake.env.put("SOURCE_DATABASE", "sources_{org}");
        lake.s3().createBucket(b -> b.bucket(SOURCE_BUCKET));
        try {
            lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(database)));
        } catch (software.amazon.awssdk.services.glue.model.AlreadyExistsException e) {
            // another test of this JVM made it on the shared emulator
        }
        for (String table : List.of("customers", "orders")) {
            try {
                lake.glue().deleteTable(b -> b.databaseName(database).name(table));
            } catch (software.amazon.awssdk.services.glue.model.EntityNotFoundException e) {
                // first use
            }
            lake.glue().createTable(b -> b.databaseName(database).tableInput(t -> t.name(table)
                    .storageDescriptor(sd -> sd.location("s3://" + SOURCE_BUCKET + "/" + table + "/"))));
            lake.s3().putObject(b -> b.bucket(SOURCE_BUCKET).key(table + "/part-0.parquet"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(table));
        }
    }

    /** The checker itself: it must refuse what the policy does not grant, or the tests above prove nothing. */
    @Test
    void policyCheck_refusesCallsOutsideTheGrants() {
        FunctionPolicy query = FunctionPolicy.of(template, "QueryHandler", names());
        FunctionPolicy merge = FunctionPolicy.of(template, "MergeHandler", names());

        assertThat(query.allows("s3:GetObject", "arn:aws:s3:::" + lake.bucket + "/features/customer/org=acme/_current")).isTrue();
        assertThat(query.allows("s3:PutObject", "arn:aws:s3:::" + lake.bucket + "/features/customer/org=acme/_current")).isFalse();
        assertThat(query.allows("s3:GetObject", "arn:aws:s3:::other-bucket/features/x")).isFalse();
        assertThat(query.allows("glue:CreatePartition", "arn:aws:glue:us-east-1:" + ACCOUNT + ":table/" + lake.database + "/customer")).isFalse();
        assertThat(merge.allows("glue:CreatePartition", "arn:aws:glue:us-east-1:" + ACCOUNT + ":table/" + lake.database + "/customer")).isTrue();
        assertThat(merge.allows("glue:CreatePartition", "arn:aws:glue:us-east-1:" + ACCOUNT + ":table/other_db/customer")).isFalse();
        assertThat(merge.allows("s3:DeleteObject", "arn:aws:s3:::" + lake.bucket + "/query-results/x")).isFalse();
        // Query's temporary tables: only _featurestore_tmp_* tables of the environment's database, objects under query-results/_tables/
        String tables = "arn:aws:glue:us-east-1:" + ACCOUNT + ":table/";
        assertThat(query.allows("glue:CreateTable", tables + lake.database + "/_featurestore_tmp_0123")).isTrue();
        assertThat(query.allows("glue:DeleteTable", tables + lake.database + "/_featurestore_tmp_0123")).isTrue();
        assertThat(query.allows("glue:DeleteTable", tables + lake.database + "/customer")).isFalse();
        assertThat(query.allows("glue:CreateTable", tables + lake.database + "/customer")).isFalse();
        assertThat(query.allows("glue:DeleteTable", tables + "other_db/_featurestore_tmp_0123")).isFalse();
        assertThat(query.allows("glue:UpdateTable", tables + lake.database + "/_featurestore_tmp_0123")).isFalse();
        assertThat(query.allows("s3:DeleteObject", "arn:aws:s3:::" + lake.bucket + "/query-results/_tables/u/part-00000.parquet")).isTrue();
        assertThat(query.allows("s3:DeleteObject", "arn:aws:s3:::" + lake.bucket + "/query-results/customer/org=acme/x")).isFalse();
        assertThat(query.allows("s3:DeleteObject", "arn:aws:s3:::" + lake.bucket + "/features/customer/org=acme/_current")).isFalse();
        assertThat(merge.allows("s3:ListBucket", "arn:aws:s3:::" + SOURCE_BUCKET)).isTrue();
        assertThat(merge.allows("s3:ListBucket", "arn:aws:s3:::other-bucket")).isFalse();
        assertThat(merge.allows("s3:GetObject", "arn:aws:s3:::" + SOURCE_BUCKET + "/orders/part-0.parquet")).isFalse();
        assertThat(merge.allows("glue:GetTables", "arn:aws:glue:us-east-1:" + ACCOUNT + ":database/sources_acme")).isTrue();
        assertThat(merge.allows("glue:GetTables", "arn:aws:glue:us-east-1:" + ACCOUNT + ":database/other_db")).isFalse();
    }

    private JsonNode[] calculateAll(JsonNode plan) {
        return calculateAll(plan, runtimeOf("CalculateHandler"));
    }

    /** The Java function first: it takes moto's canned rows (the SQL function's UNLOAD writes nothing on moto). */
    private JsonNode[] calculateAll(JsonNode plan, AwsRuntime runtime) {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34"), Arrays.asList("c2", "51")),
                List.of("varchar", "bigint"));
        List<JsonNode> outcomes = new ArrayList<>();
        for (JsonNode item : plan.get("functions")) {
            outcomes.add(invoke(new CalculateHandler(runtime), item));
        }
        return outcomes.toArray(JsonNode[]::new);
    }

    private AwsRuntime runtimeOf(String handler) {
        boolean api = handler.equals("QueryHandler");
        AwsCallRecorder recorder = recorders.computeIfAbsent(handler, h -> new AwsCallRecorder(ACCOUNT, AwsEmulator.REGION.id(),
                api ? apiWorkgroup() : lake.workgroup));
        Map<String, String> env = new java.util.HashMap<>(lake.env);
        if (api) {
            env.put("ATHENA_WORKGROUP", apiWorkgroup()); // as the stack sets it for Query
        }
        return AwsRuntime.create(env, lake.clients.withInterceptor(recorder));
    }

    private List<String> recorded(String handler) {
        return recorders.get(handler).calls().stream().map(AwsCallRecorder.Call::action).distinct().toList();
    }

    /** The dev environment's names in the template, as this test lake names them. */
    private FunctionPolicy.Names names() {
        EnvironmentConfig dev = EnvironmentConfigLoader.create(Synthesized.configDir()).load("dev");
        return new FunctionPolicy.Names(ACCOUNT, AwsEmulator.REGION.id(), dev.region(), lake.bucket,
                Map.of(dev.database(), lake.database, dev.athena().workgroup(), lake.workgroup,
                        FeatureStoreStack.apiWorkgroupName(dev), apiWorkgroup(),
                        "arn:aws:s3:::" + dev.sources().buckets().get(0), "arn:aws:s3:::" + SOURCE_BUCKET,
                        "arn:aws:s3:::" + dev.sources().buckets().get(0) + "/*", "arn:aws:s3:::" + SOURCE_BUCKET + "/*"));
    }

    private void assertAllowed() {
        List<String> denied = new ArrayList<>();
        for (var e : recorders.entrySet()) {
            assertThat(e.getValue().calls()).as("calls recorded for %s", e.getKey()).isNotEmpty();
            denied.addAll(FunctionPolicy.of(template, e.getKey(), names()).denied(e.getValue().calls()));
        }
        assertThat(denied).as("calls the synthesized policies do not allow").isEmpty();
    }

    /** Stands for a Lambda killed mid-step: an Error no handler catches, after the named call succeeded. */
    static final class Died extends Error {
        Died(String operation) {
            super("died after " + operation + " (test)");
        }
    }

    private record DieAfter(String operation) implements ExecutionInterceptor {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                throw new Died(operation);
            }
        }
    }
}
