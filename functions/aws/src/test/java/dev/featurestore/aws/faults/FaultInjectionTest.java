package dev.featurestore.aws.faults;

import static dev.featurestore.aws.testing.FaultInjector.Effect.ATHENA_CANCELLED;
import static dev.featurestore.aws.testing.FaultInjector.Effect.ATHENA_FAILED;
import static dev.featurestore.aws.testing.FaultInjector.Effect.GLUE_CONFLICT;
import static dev.featurestore.aws.testing.FaultInjector.Effect.KILLED;
import static dev.featurestore.aws.testing.FaultInjector.Effect.LOST_RESPONSE;
import static dev.featurestore.aws.testing.FaultInjector.Effect.SERVER_ERROR;
import static dev.featurestore.aws.testing.FaultInjector.Effect.SLOW_DOWN;
import static dev.featurestore.aws.testing.FaultInjector.Effect.UNREACHABLE;
import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.handler.CalculateHandler;
import dev.featurestore.aws.handler.FailureHandler;
import dev.featurestore.aws.handler.MergeHandler;
import dev.featurestore.aws.handler.PlanHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.FaultInjector;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault-injection suite (docs/faults.md): a version is published, then a second run of the workflow's steps
 * (Plan → Calculate per function → Merge, the Catch path's Failure on any error, as the state machine wires
 * them) meets one injected fault in one step's AWS calls. Afterwards, whatever happened: the current version
 * is intact and readable (every file of its manifest present with its size, rows as recorded, all under its own
 * version), the lock is released or recoverable, and the run is recorded with its cause.
 */
@ExtendWith(AwsEmulatorExtension.class)
class FaultInjectionTest {

    enum Step { PLAN, CALCULATE, MERGE, FAILURE }

    /** What must hold afterwards. */
    enum Expect {
        /** The SDK's retries (or ours) absorb the fault: the new version is published. */
        PUBLISHED,
        /** The run fails before publishing: the previous version stays current, the run is FAILED with the cause. */
        FAILED,
        /** Plan fails before a run exists: nothing recorded, the lock free. */
        NO_RUN,
        /** Even the Failure step cannot reach S3: the run stays RUNNING, its lock is taken over after its lifetime. */
        LOCK_RECOVERABLE
    }

    record Fault(String name, Step step, List<FaultInjector.Rule> rules, Expect expect, String cause) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static FaultInjector.Rule rule(String operation, Predicate<String> target, FaultInjector.Effect effect, int times) {
        return new FaultInjector.Rule(operation, target, effect, times);
    }

    private static Predicate<String> key(String fragment) {
        return k -> k.contains(fragment);
    }

    private static final int ALWAYS = 1000;

    static Stream<Arguments> faults() {
        return Stream.of(
                new Fault("S3 503 SlowDown twice taking the lock", Step.PLAN, List.of(rule("PutObject", key("/_lock"), SLOW_DOWN, 2)), Expect.PUBLISHED, null),
                new Fault("S3 answer lost after the lock was taken", Step.PLAN, List.of(rule("PutObject", key("/_lock"), LOST_RESPONSE, 1)), Expect.PUBLISHED, null),
                new Fault("S3 500 writing the run record", Step.PLAN, List.of(rule("PutObject", key("runs/"), SERVER_ERROR, ALWAYS)), Expect.NO_RUN, "InternalError"),
                new Fault("S3 unreachable in Plan", Step.PLAN, List.of(rule("PutObject", FaultInjector.any(), UNREACHABLE, ALWAYS)), Expect.NO_RUN, "Connect timed out"),
                new Fault("S3 500 uploading a partial", Step.CALCULATE, List.of(rule("PutObject", key("staging/"), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalError"),
                new Fault("S3 503 SlowDown twice uploading a partial", Step.CALCULATE, List.of(rule("PutObject", key("staging/"), SLOW_DOWN, 2)), Expect.PUBLISHED, null),
                new Fault("S3 timeouts listing the UNLOAD output", Step.CALCULATE, List.of(rule("ListObjectsV2", FaultInjector.any(), UNREACHABLE, ALWAYS)), Expect.FAILED, "Connect timed out"),
                new Fault("Athena query FAILED", Step.CALCULATE, List.of(rule("GetQueryExecution", FaultInjector.any(), ATHENA_FAILED, 1)), Expect.FAILED, "HIVE_BAD_DATA"),
                new Fault("Athena query CANCELLED", Step.CALCULATE, List.of(rule("GetQueryExecution", FaultInjector.any(), ATHENA_CANCELLED, 1)), Expect.FAILED, "CANCELLED"),
                new Fault("Athena throttled twice starting a query", Step.CALCULATE, List.of(rule("StartQueryExecution", FaultInjector.any(), SLOW_DOWN, 2)), Expect.PUBLISHED, null),
                new Fault("S3 500 downloading a partial in Merge", Step.MERGE, List.of(rule("GetObject", key("staging/"), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalError"),
                new Fault("S3 503 SlowDown twice downloading partials", Step.MERGE, List.of(rule("GetObject", key("staging/"), SLOW_DOWN, 2)), Expect.PUBLISHED, null),
                new Fault("S3 500 uploading a data file", Step.MERGE, List.of(rule("PutObject", key("/part-"), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalError"),
                new Fault("S3 500 writing the manifest", Step.MERGE, List.of(rule("PutObject", key(Layout.MANIFEST), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalError"),
                new Fault("Glue 500 adding the partition", Step.MERGE, List.of(rule("CreatePartition", FaultInjector.any(), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalServiceException"),
                new Fault("Glue conflict once evolving the table", Step.MERGE, List.of(rule("UpdateTable", FaultInjector.any(), GLUE_CONFLICT, 1)), Expect.PUBLISHED, null),
                new Fault("Glue conflict on every table update", Step.MERGE, List.of(rule("UpdateTable", FaultInjector.any(), GLUE_CONFLICT, ALWAYS)), Expect.FAILED, "it changed under 5 attempts"),
                new Fault("S3 answer lost renewing the lock", Step.MERGE, List.of(rule("PutObject", key("/_lock"), LOST_RESPONSE, 1)), Expect.PUBLISHED, null),
                new Fault("S3 500 publishing the pointer", Step.MERGE, List.of(rule("PutObject", key("/_current"), SERVER_ERROR, ALWAYS)), Expect.FAILED, "InternalError"),
                new Fault("Merge killed mid-write (its data file written, the manifest not)", Step.MERGE, List.of(rule("PutObject", key(Layout.MANIFEST), KILLED, 1)), Expect.FAILED, "killed during PutObject"),
                new Fault("Merge killed after publishing", Step.MERGE, List.of(rule("PutObject", key("runs/"), KILLED, 1)), Expect.PUBLISHED, null),
                new Fault("S3 500 cleaning staging after publishing", Step.MERGE, List.of(rule("DeleteObjects", key(""), SERVER_ERROR, ALWAYS)), Expect.PUBLISHED, null),
                new Fault("Calculate fails and the Failure step finds S3 down", Step.FAILURE, List.of(rule("PutObject", FaultInjector.any(), SERVER_ERROR, ALWAYS),
                        rule("DeleteObject", FaultInjector.any(), SERVER_ERROR, ALWAYS), rule("GetObject", FaultInjector.any(), SERVER_ERROR, ALWAYS)),
                        Expect.LOCK_RECOVERABLE, null)
        ).map(Arguments::of);
    }

    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime clean;
    private String before;
    private String beforeChecksum;

    @BeforeEach
    void publishAFirstVersion(AwsEmulator aws) {
        aws.requireMoto("the Java function's Athena source query needs moto's canned results");
        this.aws = aws;
        lake = new TestLake(aws);
        clean = lake.runtime();
        JsonNode plan = invoke(new PlanHandler(clean), Events.json("plan.json"));
        JsonNode merged = invoke(new MergeHandler(clean), mergeInput(plan, calculateAll(clean, plan, false)));
        before = merged.path("version").asText();
        beforeChecksum = clean.versions().manifest("customer", "acme", before).contentChecksum();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void afterEveryFault_theCurrentVersionIsIntact_theLockFreeOrRecoverable_andTheRunRecorded(Fault fault, @TempDir Path tmp) {
        if (fault.rules().stream().anyMatch(r -> r.operation().equals("UpdateTable"))) {
            dropAColumnFromTheTable(); // so this run's Merge must evolve the table
        }
        FaultInjector injector = new FaultInjector();
        fault.rules().forEach(injector::add);
        AwsRuntime faulty = AwsRuntime.create(lake.env, lake.clients.withMaxAttempts(3).withInterceptor(injector));

        Run run = materialize(fault, faulty);

        assertThat(injector.injected()).as("the fault was injected").isNotEmpty();
        VersionStore versions = clean.versions();
        switch (fault.expect()) {
            case PUBLISHED -> {
                if (fault.rules().stream().noneMatch(r -> r.effect() == KILLED)) {
                    assertThat(run.error()).as("run error").isNull();
                }
                assertThat(versions.current("customer", "acme")).contains(run.runId());
                assertThat(versions.run("customer", "acme", run.runId()).orElseThrow().status()).isEqualTo(RunRecord.Status.SUCCEEDED);
            }
            case FAILED -> {
                assertThat(run.error()).as("run error").isNotNull();
                assertThat(versions.current("customer", "acme")).contains(before);
                RunRecord record = versions.run("customer", "acme", run.runId()).orElseThrow();
                assertThat(record.status()).isEqualTo(RunRecord.Status.FAILED);
                assertThat(record.toString()).contains(fault.cause());
                assertThat(clean.store().list(Layout.version("customer", "acme", run.runId()))).as("unpublished version's files").isEmpty();
                assertThat(clean.catalog().partitions("customer", "acme")).as("unpublished partition").doesNotContain(run.runId());
            }
            case NO_RUN -> {
                assertThat(run.error()).as("run error").isNotNull();
                assertThat(run.error().toString()).contains(fault.cause());
                assertThat(versions.current("customer", "acme")).contains(before);
                assertThat(versions.runs("customer", "acme")).extracting(RunRecord::status).containsOnly(RunRecord.Status.SUCCEEDED);
            }
            case LOCK_RECOVERABLE -> {
                assertThat(versions.current("customer", "acme")).contains(before);
                assertThat(versions.holdsLock("customer", "acme", run.runId())).isTrue();
                VersionStore later = new VersionStore(clean.store(), Clock.fixed(Instant.now().plus(Duration.ofHours(3).plusMinutes(1)),
                        ZoneOffset.UTC), VersionStore.DEFAULT_LOCK_TTL);
                later.lock("customer", "acme", "recovery-run");
                assertThat(later.holdsLock("customer", "acme", "recovery-run")).isTrue();
                later.unlock("customer", "acme", "recovery-run");
            }
        }
        if (fault.expect() != Expect.LOCK_RECOVERABLE) {
            assertThat(versions.lockHolder("customer", "acme")).as("lock released").isEmpty();
        }
        if (fault.expect() == Expect.FAILED) {
            assertThat(clean.store().list(Layout.stagingRun("customer", "acme", run.runId()))).as("staging cleaned").isEmpty();
        }
        assertCurrentIsIntactAndReadable(versions, tmp);
    }

    /** A timed-out execution skips the Catch path: EventBridge's rule hands it to Failure, which fails its run. */
    @org.junit.jupiter.api.Test
    void timedOutExecution_failsTheRunItLeftHoldingTheLock(@TempDir Path tmp) {
        Instant start = Instant.now().minusSeconds(5);
        JsonNode planned = invoke(new PlanHandler(clean), Events.json("plan.json"));
        String runId = planned.path("runId").asText();

        JsonNode result = invoke(new FailureHandler(clean), statusChange("TIMED_OUT", start, Instant.now().plusSeconds(1)));

        assertThat(result.path("runId").asText()).isEqualTo(runId);
        VersionStore versions = clean.versions();
        RunRecord record = versions.run("customer", "acme", runId).orElseThrow();
        assertThat(record.status()).isEqualTo(RunRecord.Status.FAILED);
        assertThat(record.reason().orElseThrow()).isEqualTo("States.Timeout: execution arn:aws:states:us-east-1:123456789012:execution:"
                + "featurestore-dev-materialization:x ended TIMED_OUT without reaching the Catch path");
        assertThat(versions.lockHolder("customer", "acme")).isEmpty();
        assertThat(versions.current("customer", "acme")).contains(before);
        assertCurrentIsIntactAndReadable(versions, tmp);
    }

    /** An aborted execution that ended before the lock was taken: the lock is another execution's, left alone. */
    @org.junit.jupiter.api.Test
    void abortedExecution_leavesALockTakenAfterItStopped() {
        Instant stopped = Instant.now().minusSeconds(120);
        JsonNode planned = invoke(new PlanHandler(clean), Events.json("plan.json"));

        JsonNode result = invoke(new FailureHandler(clean), statusChange("ABORTED", stopped.minusSeconds(600), stopped));

        assertThat(result.path("runId").isNull()).isTrue();
        assertThat(clean.versions().holdsLock("customer", "acme", planned.path("runId").asText())).isTrue();
    }

    private static ObjectNode statusChange(String status, Instant start, Instant stop) {
        ObjectNode event = Events.JSON.createObjectNode();
        event.put("source", "aws.states").put("detail-type", "Step Functions Execution Status Change");
        event.putObject("detail").put("status", status)
                .put("executionArn", "arn:aws:states:us-east-1:123456789012:execution:featurestore-dev-materialization:x")
                .put("input", "{\"group\":\"customer\",\"org\":\"acme\"}")
                .put("startDate", start.toEpochMilli()).put("stopDate", stop.toEpochMilli());
        return event;
    }

    record Run(String runId, Throwable error) {}

    /** The steps as the state machine runs them: the faulty runtime for the faulted step, any error to Failure. */
    private Run materialize(Fault fault, AwsRuntime faulty) {
        AwsRuntime plan = fault.step() == Step.PLAN ? faulty : clean;
        AwsRuntime calculate = fault.step() == Step.CALCULATE ? faulty : clean;
        AwsRuntime merge = fault.step() == Step.MERGE ? faulty : clean;
        AwsRuntime failure = fault.step() == Step.FAILURE ? faulty : clean;
        JsonNode state = Events.json("plan.json");
        String runId = null;
        try {
            JsonNode planned = invoke(new PlanHandler(plan), state);
            state = planned;
            runId = planned.path("runId").asText();
            JsonNode[] outcomes = calculateAll(calculate, planned, fault.step() == Step.FAILURE);
            invoke(new MergeHandler(merge), mergeInput(planned, outcomes));
            return new Run(runId, null);
        } catch (RuntimeException | FaultInjector.Killed e) {
            // the Catch path (States.ALL; a killed Lambda reports Lambda.Unknown)
            ObjectNode failed = state.deepCopy();
            failed.putObject("error").put("Error", e.getClass().getName()).put("Cause", String.valueOf(e.getMessage()));
            try {
                invoke(new FailureHandler(failure), failed);
            } catch (RuntimeException failureFailed) {
                e.addSuppressed(failureFailed);
            }
            return new Run(runId, e);
        }
    }

    /** The Java function first (it takes moto's canned rows); {@code breakIt}: rows the function cannot read. */
    private JsonNode[] calculateAll(AwsRuntime runtime, JsonNode plan, boolean breakIt) {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", breakIt ? "not-a-number" : "34"),
                Arrays.asList("c2", "51"), Arrays.asList("c3", null)), List.of("varchar", "bigint"));
        List<JsonNode> outcomes = new ArrayList<>();
        for (JsonNode item : plan.get("functions")) {
            outcomes.add(invoke(new CalculateHandler(runtime), item));
        }
        return outcomes.toArray(JsonNode[]::new);
    }

    private void dropAColumnFromTheTable() {
        var glue = lake.glue();
        var table = glue.getTable(b -> b.databaseName(lake.database).name("customer")).table();
        var columns = table.storageDescriptor().columns().stream().filter(c -> !c.name().equals("segment")).toList();
        glue.updateTable(b -> b.databaseName(lake.database).tableInput(t -> t.name("customer").tableType(table.tableType())
                .parameters(table.parameters()).partitionKeys(table.partitionKeys())
                .storageDescriptor(table.storageDescriptor().toBuilder().columns(columns).build())));
    }

    /** Every file of the current manifest is there with its size, holds the rows recorded, and lies in its own version. */
    private void assertCurrentIsIntactAndReadable(VersionStore versions, Path tmp) {
        String current = versions.requireCurrent("customer", "acme");
        Manifest manifest = versions.manifest("customer", "acme", current);
        long rows = 0;
        for (Manifest.DataFile file : manifest.files()) {
            assertThat(file.key()).startsWith(Layout.version("customer", "acme", current));
            Path local = tmp.resolve("check-" + rows + "-" + file.key().replace('/', '_'));
            clean.store().download(file.key(), local);
            assertThat(local.toFile().length()).as(file.key()).isEqualTo(file.bytes());
            try (ParquetFile parquet = ParquetFile.open(local, file.key())) {
                assertThat(parquet.rows()).as(file.key()).isEqualTo(file.rows());
                rows += parquet.rows();
            }
        }
        assertThat(rows).isEqualTo(manifest.rowCount()).isEqualTo(3);
        // the same rows as the first version (the source did not change): none lost, none mixed in
        assertThat(manifest.contentChecksum()).isEqualTo(beforeChecksum);
    }
}
