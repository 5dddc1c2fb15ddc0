package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.aws.handler.CalculateHandler;
import dev.featurestore.aws.handler.FailureHandler;
import dev.featurestore.aws.handler.FinalizeHandler;
import dev.featurestore.aws.handler.JoinHandler;
import dev.featurestore.aws.handler.MergePlanHandler;
import dev.featurestore.aws.handler.PartitionHandler;
import dev.featurestore.aws.runtime.MergeSettings;
import dev.featurestore.aws.handler.MergeHandler;
import dev.featurestore.aws.handler.PlanHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsCallRecorder;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.error.DataException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.read.LocalFeatureReader;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The synthesized state machine, run for real (docs/infra.md, Tests): its ASL is taken from the dev template, its Lambda
 * ARNs resolved to functions this test serves in-process with the real handler classes (moto's Step Functions
 * call the Lambda Invoke API at {@code MOTO_PORT}), over S3, Glue and Athena on moto. The group is the aws
 * module's test group (a Java function reading canned Athena rows, a SQL function whose UNLOAD moto cannot run).
 * Only the first StartExecution after a moto reset runs reliably: each test resets and starts one execution.
 *
 * <p>Moto runs no SQL: it hands its queue of canned Athena results to whichever query <em>starts</em> next. The
 * Map state runs both Calculate iterations at once, so which function's query took the canned rows used to depend
 * on which iteration started first. {@link #cannedRowsForTheProfileFunction} makes it deterministic: Calculate
 * invocations run one at a time and the rows are queued right before the function that reads them.
 */
class MaterializationEndToEndTest {

    @RegisterExtension
    static final AwsEmulatorExtension EMULATOR = AwsEmulatorExtension.withLambdaPort();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EXECUTION_LIMIT = Duration.ofSeconds(90);
    private static LambdaInvokeApi lambdas;

    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;
    private SfnClient sfn;
    private String stateMachineArn;
    private Map<String, String> functionIds;

    @BeforeEach
    void setUp(AwsEmulator aws) throws IOException {
        this.aws = aws;
        if (lambdas == null) {
            lambdas = LambdaInvokeApi.start(aws.lambdaPort().orElseThrow());
        }
        lambdas.clear();
        aws.reset();
        aws.executeStateMachines();
        lake = new TestLake(aws);
        runtime = lake.runtime();

        JsonNode template = Synthesized.tree("dev");
        functionIds = functionIds(template);
        // the stack creates the database (Catalog), the functions never do
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
        recorders.clear();
        lambdas.register(functionIds.get("PlanHandler"), new PlanHandler(recorded("PlanHandler")));
        lambdas.register(functionIds.get("CalculateHandler"), cannedRowsForTheProfileFunction(new CalculateHandler(recorded("CalculateHandler"))));
        lambdas.register(functionIds.get("MergeHandler"), new MergeHandler(recorded("MergeHandler")));
        lambdas.register(functionIds.get("FailureHandler"), new FailureHandler(recorded("FailureHandler")));
        registerMergeHandlers("auto");

        sfn = SfnClient.builder().endpointOverride(aws.endpoint()).region(aws.region())
                .credentialsProvider(aws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        String asl = StateMachineDefinition.render(StateMachineDefinition.definitionString(template), MaterializationEndToEndTest::resolve);
        stateMachineArn = sfn.createStateMachine(b -> b.name("featurestore-dev-materialization").definition(asl)
                .roleArn("arn:aws:iam::123456789012:role/featurestore-dev-states")).stateMachineArn();
    }

    /**
     * Least privilege on this run too: every AWS call the functions made while Step Functions drove them is
     * allowed by that function's role policy in the template (see LeastPrivilegeTest for how calls are matched).
     */
    @AfterEach
    void everyCallOfTheExecution_isAllowedByItsFunctionsPolicy() {
        EnvironmentConfig dev = EnvironmentConfigLoader.create(Synthesized.configDir()).load("dev");
        FunctionPolicy.Names names = new FunctionPolicy.Names("123456789012", AwsEmulator.REGION.id(), dev.region(), lake.bucket,
                Map.of(dev.database(), lake.database, dev.athena().workgroup(), lake.workgroup));
        JsonNode template = Synthesized.tree("dev");
        List<String> denied = new ArrayList<>();
        recorders.forEach((handler, recorder) -> denied.addAll(FunctionPolicy.of(template, handler, names).denied(recorder.calls())));
        assertThat(recorders).as("functions that made calls").isNotEmpty();
        assertThat(denied).as("calls the synthesized policies do not allow").isEmpty();
    }

    private final Map<String, AwsCallRecorder> recorders = new java.util.LinkedHashMap<>();

    /** The runtime of one function, its own SDK clients recording every call. */
    private AwsRuntime recorded(String handler) {
        AwsCallRecorder recorder = recorders.computeIfAbsent(handler, h -> new AwsCallRecorder("123456789012", AwsEmulator.REGION.id(), lake.workgroup));
        return AwsRuntime.create(lake.env, lake.clients.withInterceptor(recorder));
    }

    @AfterAll
    static void stopLambdas() {
        if (lambdas != null) {
            lambdas.close();
            lambdas = null;
        }
    }

    @Test
    void oneExecution_publishesAVersion_registersItInGlue_andGetReadsIt(@TempDir Path tmp) throws IOException {
        DescribeExecutionResponse done = run("customer", "acme");

        assertThat(done.status()).as("execution %s: %s", done.status(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        String version = output.path("version").asText();
        assertThat(output.path("published").asBoolean()).isTrue();
        assertThat(lambdas.invocations()).containsExactlyInAnyOrder(functionIds.get("PlanHandler"),
                functionIds.get("CalculateHandler"), functionIds.get("CalculateHandler"), functionIds.get("MergePlanHandler"),
                functionIds.get("MergeHandler"));
        assertThat(runtime.versions().current("customer", "acme")).contains(version);

        var table = lake.glue().getTable(b -> b.databaseName(lake.database).name("customer")).table();
        assertThat(table.partitionKeys()).extracting(c -> c.name()).containsExactly("org", "version");
        assertThat(table.storageDescriptor().columns()).extracting(c -> c.name()).contains("id", "age", "segment");
        List<Partition> partitions = lake.glue().getPartitions(b -> b.databaseName(lake.database).tableName("customer")).partitions();
        assertThat(partitions).extracting(Partition::values).containsExactly(List.of("acme", version));

        assertThat(readCurrent(tmp, "customer", "acme")).containsExactlyInAnyOrder(
                "c1 34 junior", "c2 51 senior", "c3 null null");
    }

    /**
     * The distributed merge as moto runs it: MergePlan forced to distribute (one task per row group), the Choice,
     * two Distributed Maps over the task numbers (moto's Step Functions run DISTRIBUTED item processors with
     * inline items), Finalize. The same rows as the Merge function publishes.
     */
    @Test
    void distributedMerge_runsPartitionAndJoinTasksInDistributedMaps_thenFinalizePublishes(@TempDir Path tmp) throws IOException {
        registerMergeHandlers("distributed");

        DescribeExecutionResponse done = run("customer", "acme");

        assertThat(done.status()).as("execution %s: %s %s", done.status(), done.error(), done.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JSON.readTree(done.output());
        assertThat(output.path("published").asBoolean()).isTrue();
        assertThat(lambdas.invocations()).contains(functionIds.get("MergePlanHandler"), functionIds.get("PartitionHandler"),
                functionIds.get("JoinHandler"), functionIds.get("FinalizeHandler")).doesNotContain(functionIds.get("MergeHandler"));
        assertThat(runtime.versions().current("customer", "acme")).contains(output.path("version").asText());
        assertThat(runtime.store().list("staging/")).isEmpty();
        assertThat(readCurrent(tmp, "customer", "acme")).containsExactlyInAnyOrder(
                "c1 34 junior", "c2 51 senior", "c3 null null");
    }

    @Test
    void distributedMerge_whenAJoinTaskFails_failsThroughTheCatchPath_withoutPublishing() throws IOException {
        String before = publishInProcess();
        registerMergeHandlers("distributed");
        lambdas.register(functionIds.get("JoinHandler"), (in, out, context) -> {
            throw new DataException("Cannot join: the bucket objects are corrupt (test)");
        });

        DescribeExecutionResponse done = run("customer", "acme");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("MaterializationFailed");
        assertThat(lambdas.invocations()).contains(functionIds.get("FailureHandler"));
        assertThat(runtime.versions().current("customer", "acme")).contains(before);
        assertThat(runtime.store().list("staging/")).isEmpty();
        assertThat(runtime.store().list("features/")).filteredOn(k -> k.endsWith(".parquet"))
                .allMatch(k -> k.contains("version=" + before + "/"));
        List<RunRecord> runs = runtime.versions().runs("customer", "acme");
        assertThat(runs).extracting(RunRecord::status).contains(RunRecord.Status.FAILED);
        // on AWS the Join map fails (no tolerated failures) and its Catch records the join error; moto 5.2.1 does not
        // fail a Distributed Map whose iteration failed, so there Finalize finds the join result missing and fails
        assertThat(runs.stream().filter(r -> r.status() == RunRecord.Status.FAILED).findFirst().orElseThrow().toString())
                .containsPattern("the bucket objects are corrupt \\(test\\)|join task \\d+ did not finish");
    }

    /** The distributed merge's functions; {@code mode} is MergePlan's MERGE_MODE (tasks of one row group each). */
    private void registerMergeHandlers(String mode) {
        MergeSettings settings = MergeSettings.from(Map.of("MERGE_MODE", mode, "MERGE_TASK_ROWS", "1"));
        lambdas.register(functionIds.get("MergePlanHandler"), new MergePlanHandler(recorded("MergePlanHandler"), settings));
        lambdas.register(functionIds.get("PartitionHandler"), new PartitionHandler(recorded("PartitionHandler")));
        lambdas.register(functionIds.get("JoinHandler"), new JoinHandler(recorded("JoinHandler")));
        lambdas.register(functionIds.get("FinalizeHandler"), new FinalizeHandler(recorded("FinalizeHandler")));
    }

    @Test
    void failingFunction_failsThroughTheCatchPath_andLeavesTheCurrentVersion() throws IOException {
        String before = publishInProcess();
        RequestStreamHandler calculate = cannedRowsForTheProfileFunction(new CalculateHandler(recorded("CalculateHandler")));
        lambdas.register(functionIds.get("CalculateHandler"), (in, out, context) -> {
            byte[] event = in.readAllBytes();
            if (JSON.readTree(event).path("function").asText().equals("orders")) {
                throw new DataException("Cannot calculate orders: the source table is broken (test)");
            }
            calculate.handleRequest(new ByteArrayInputStream(event), out, context);
        });

        DescribeExecutionResponse done = run("customer", "acme");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("MaterializationFailed");
        assertThat(lambdas.invocations()).contains(functionIds.get("FailureHandler")).doesNotContain(functionIds.get("MergeHandler"));
        assertThat(runtime.versions().current("customer", "acme")).contains(before);
        List<RunRecord> runs = runtime.versions().runs("customer", "acme");
        assertThat(runs).extracting(RunRecord::status).contains(RunRecord.Status.FAILED);
        assertThat(runs.stream().filter(r -> r.status() == RunRecord.Status.FAILED).findFirst().orElseThrow().toString())
                .contains("the source table is broken");
    }

    /** Publishes a first version without Step Functions (moto runs one execution per reset). */
    private String publishInProcess() throws IOException {
        JsonNode plan = invoke(new PlanHandler(runtime), "{\"group\":\"customer\",\"org\":\"acme\"}");
        List<JsonNode> outcomes = new ArrayList<>();
        cannedCustomers();
        for (JsonNode item : plan.get("functions")) {
            outcomes.add(invoke(new CalculateHandler(runtime), item.toString()));
        }
        JsonNode merged = invoke(new MergeHandler(runtime), TestLake.mergeInput(plan, outcomes.toArray(JsonNode[]::new)).toString());
        assertThat(merged.path("published").asBoolean()).isTrue();
        return merged.path("version").asText();
    }

    private static JsonNode invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    /**
     * Calculate as the Map runs it, but one invocation at a time, with the canned customer rows queued just before
     * customer_profile runs: its query gets them whichever iteration starts first, and the SQL function's UNLOAD
     * (moto writes nothing for it) never does.
     */
    private RequestStreamHandler cannedRowsForTheProfileFunction(RequestStreamHandler calculate) {
        Object oneAtATime = new Object();
        return (in, out, context) -> {
            byte[] event = in.readAllBytes();
            synchronized (oneAtATime) {
                if (JSON.readTree(event).path("function").asText().equals("customer_profile")) {
                    cannedCustomers();
                }
                calculate.handleRequest(new ByteArrayInputStream(event), out, context);
            }
        };
    }

    private void cannedCustomers() {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34"), Arrays.asList("c2", "51"),
                Arrays.asList("c3", null)), List.of("varchar", "bigint"));
    }

    private DescribeExecutionResponse run(String group, String org) {
        String input = "{\"group\":\"" + group + "\",\"org\":\"" + org + "\"}";
        String execution = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).input(input)).executionArn();
        Instant deadline = Instant.now().plus(EXECUTION_LIMIT);
        while (true) {
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(execution));
            if (d.status() != ExecutionStatus.RUNNING) {
                return d;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution still RUNNING after " + EXECUTION_LIMIT + "; invocations so far: " + lambdas.invocations());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** get, the local way: the version's files copied from S3 into a lake directory, read by DuckDB. */
    private List<String> readCurrent(Path tmp, String group, String org) {
        Path lakeDir = tmp.resolve("lake");
        String prefix = "features/" + group + "/org=" + org + "/";
        for (String key : runtime.store().list(prefix)) {
            Path target = lakeDir.resolve(key);
            try {
                Files.createDirectories(target.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            runtime.store().download(key, target);
        }
        LocalObjectStore local = LocalObjectStore.create(lakeDir);
        List<String> rows = new ArrayList<>();
        try (DuckDb db = DuckDb.open()) {
            LocalFeatureReader reader = new LocalFeatureReader(db, local, VersionStore.create(local));
            LocalFeatureReader.Prepared prepared = reader.prepare(FeatureQuery.builder(group, org).features("age", "segment").build());
            reader.forEachRow(prepared, row -> rows.add(row.stream().map(String::valueOf).collect(Collectors.joining(" "))));
        }
        return rows;
    }

    /** Handler class simple name → the function's logical id in the template (what the ASL's ARNs name). */
    private static Map<String, String> functionIds(JsonNode template) {
        Map<String, String> ids = new HashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                String handler = e.getValue().at("/Properties/Handler").asText();
                ids.put(handler.substring(handler.lastIndexOf('.') + 1, handler.indexOf("::")), e.getKey());
            }
        });
        assertThat(ids).containsKeys("PlanHandler", "CalculateHandler", "MergeHandler", "FailureHandler", "MergePlanHandler",
                "PartitionHandler", "JoinHandler", "FinalizeHandler");
        return ids;
    }

    /** The template's intrinsics as they resolve on the emulator: a function's ARN names it by logical id. */
    private static String resolve(JsonNode intrinsic) {
        if (intrinsic.has("Fn::GetAtt") && intrinsic.get("Fn::GetAtt").get(1).asText().equals("Arn")) {
            return "arn:aws:lambda:" + AwsEmulator.REGION.id() + ":123456789012:function:" + intrinsic.get("Fn::GetAtt").get(0).asText();
        }
        if (intrinsic.path("Ref").asText().equals("AWS::Partition")) {
            return "aws";
        }
        throw new IllegalArgumentException("unexpected intrinsic in the state machine definition: " + intrinsic);
    }
}
