package dev.featurestore.aws.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.error.QueryException;
import dev.featurestore.function.SourceRows;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/** The call flow on moto (start, poll, page, unload); moto runs no SQL, so results are canned. */
@ExtendWith(AwsEmulatorExtension.class)
class AthenaEngineTest {
    private AwsEmulator aws;
    private AthenaClient athena;
    private String workgroup;
    private AthenaEngine engine;

    @BeforeEach
    void setUp(AwsEmulator aws) {
        aws.requireMoto("canned Athena results need moto's /moto-api");
        this.aws = aws;
        athena = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials()).athena();
        workgroup = "wg-" + UUID.randomUUID();
        athena.createWorkGroup(b -> b.name(workgroup).configuration(c -> c.bytesScannedCutoffPerQuery(10L * 1024 * 1024 * 1024)
                .resultConfiguration(r -> r.outputLocation("s3://results/athena/"))));
        engine = AthenaEngine.create(athena, workgroup, "featurestore_test");
    }

    @AfterEach
    void close() {
        if (athena != null) {
            athena.close();
        }
    }

    private static List<String> row(String... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void query_waitsForTheQuery_andConvertsValuesByColumnType() {
        aws.cannedAthenaResults(List.of(
                row("id", "age", "distance", "vip", "born", "seen", "amount", "name"),
                row("c1", "42", "1.5", "true", "1990-01-02", "2026-11-24 03:15:00.123", "12.50", "Ann"),
                row("c2", null, null, null, null, null, null, null)),
                List.of("varchar", "bigint", "double", "boolean", "date", "timestamp", "decimal", "varchar"));

        try (SourceRows rows = engine.query("SELECT * FROM orders WHERE org = 'acme'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("id")).isEqualTo("c1");
            assertThat(rows.getLong("age")).isEqualTo(42);
            assertThat(rows.getDouble("distance")).isEqualTo(1.5);
            assertThat(rows.getBoolean("vip")).isTrue();
            assertThat(rows.getDate("born")).isEqualTo(LocalDate.of(1990, 1, 2));
            assertThat(rows.getTimestamp("seen")).isEqualTo(Instant.parse("2026-11-24T03:15:00.123Z"));
            assertThat(rows.get("amount")).isEqualTo(new BigDecimal("12.50"));
            assertThat(rows.get("AGE")).isEqualTo(42L);
            assertThat(rows.next()).isTrue();
            assertThat(rows.isNull("age")).isTrue();
            assertThat(rows.get("born")).isNull();
            assertThat(rows.getDate("born")).as("objects are null, as from DuckDB").isNull();
            assertThat(rows.getTimestamp("seen")).isNull();
            assertThat(rows.getString("name")).isNull();
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void query_startsInTheWorkgroup_withTheDatabaseAsContext() {
        aws.cannedAthenaResults(List.of(row("n"), row("1")), List.of("bigint"));

        try (SourceRows rows = engine.query("SELECT count(*) AS n FROM orders")) {
            assertThat(rows.next()).isTrue();
        }

        String id = athena.listQueryExecutions(b -> b.workGroup(workgroup)).queryExecutionIds().get(0);
        QueryExecution q = athena.getQueryExecution(b -> b.queryExecutionId(id)).queryExecution();
        assertThat(q.query()).isEqualTo("SELECT count(*) AS n FROM orders");
        assertThat(q.queryExecutionContext().database()).isEqualTo("featurestore_test");
    }

    @Test
    void getLong_failsWithColumnAndValue_whenTextIsNotANumber() {
        aws.cannedAthenaResults(List.of(row("age"), row("old")), List.of("varchar"));

        try (SourceRows rows = engine.query("SELECT age FROM t")) {
            rows.next();
            assertThatThrownBy(() -> rows.getLong("age")).isInstanceOf(QueryException.class)
                    .hasMessageMatching("Cannot read column 'age' of Athena query [-0-9a-f]+ as an integer: 'old'");
            assertThatThrownBy(() -> rows.getString("nope")).isInstanceOf(QueryException.class)
                    .hasMessageEndingWith("(it returns: [age])");
        }
    }

    @Test
    void unload_wrapsTheSelectInUnloadToParquet() {
        AthenaEngine.Completed done = engine.unload("SELECT id, age FROM orders WHERE org = 'acme';", "s3://lake/staging/customer/org=acme/run=r1/orders");

        QueryExecution q = athena.getQueryExecution(b -> b.queryExecutionId(done.queryId())).queryExecution();
        assertThat(q.query()).isEqualTo("UNLOAD (SELECT id, age FROM orders WHERE org = 'acme')\n"
                + "TO 's3://lake/staging/customer/org=acme/run=r1/orders/'\n"
                + "WITH (format = 'PARQUET', compression = 'SNAPPY')");
        assertThat(q.status().state()).isEqualTo(QueryExecutionState.SUCCEEDED);
    }

    @Test
    void failed_namesTheWorkgroupLimit_whenBytesScannedCutoffCancelledTheQuery() {
        QueryExecution cancelled = QueryExecution.builder().queryExecutionId("q-1")
                .status(s -> s.state(QueryExecutionState.CANCELLED).stateChangeReason("Query cancelled! : Bytes scanned limit was exceeded"))
                .build();

        assertThat(engine.failed(cancelled)).isInstanceOf(QueryException.class).hasMessage("Cannot run Athena query q-1: it scans more than workgroup "
                + workgroup + "'s bytes-scanned limit of 10.0 GB (add filters, select fewer columns, or raise the workgroup's"
                + " bytes-scanned cutoff in the environment config)");
    }

    @Test
    void failed_keepsAthenasReason_forOtherFailures() {
        QueryExecution failed = QueryExecution.builder().queryExecutionId("q-2")
                .status(s -> s.state(QueryExecutionState.FAILED).stateChangeReason("TABLE_NOT_FOUND: line 1:15: Table 'x' does not exist"))
                .build();

        assertThat(engine.failed(failed)).hasMessage("Cannot run Athena query q-2: FAILED: TABLE_NOT_FOUND: line 1:15: Table 'x' does not exist");
    }
}
