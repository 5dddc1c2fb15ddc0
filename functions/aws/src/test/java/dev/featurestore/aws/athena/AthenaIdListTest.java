package dev.featurestore.aws.athena;

import static dev.featurestore.aws.testing.FaultInjector.Effect.ATHENA_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.api.RowCursor;
import dev.featurestore.aws.glue.TemporaryTables;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.FailingObjectStore;
import dev.featurestore.aws.testing.FaultInjector;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.error.QueryException;
import dev.featurestore.error.StorageException;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Ids with filters beyond one {@code IN} filter, on Athena (moto: canned rows, no SQL run): an inline
 * {@code "id" IN (...)} list up to {@link AthenaQueryEngine#MAX_INLINE_ID_BYTES}, a temporary table of the ids beyond
 * (objects and table checked while the query runs, the SQL run on DuckDB), and nothing left behind on success, on
 * Athena FAILED and on an S3 error.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AthenaIdListTest {
    private static final Schema SCHEMA = Schema.of(new Field("age", FieldType.BIGINT));

    @TempDir
    Path tmp;

    private AwsEmulator aws;
    private TestLake lake;
    /** At each StartQueryExecution: the SQL, the temporary tables then and their ids (read back from S3). */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> tablesAtQuery = new CopyOnWriteArrayList<>();
    private final List<String> idsAtQuery = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(AwsEmulator aws) {
        aws.requireMoto("canned Athena results need moto's /moto-api");
        this.aws = aws;
        lake = new TestLake(aws);
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
    }

    private AwsRuntime observed(FaultInjector faults) {
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof StartQueryExecutionRequest r) {
                    sent.add(r.queryString());
                    for (Table t : temporaryTables()) {
                        tablesAtQuery.add(t.name() + " " + t.storageDescriptor().columns().stream().map(c -> c.name() + ":" + c.type()).toList());
                        idsAtQuery.addAll(readIds(t));
                    }
                }
            }
        };
        var clients = lake.clients.withInterceptor(watch);
        return AwsRuntime.create(lake.env, faults == null ? clients : clients.withMaxAttempts(2).withInterceptor(faults));
    }

    private List<Table> temporaryTables() {
        return lake.glue().getTables(b -> b.databaseName(lake.database)).tableList().stream()
                .filter(t -> t.name().startsWith(TemporaryTables.TABLE_PREFIX)).toList();
    }

    private List<String> readIds(Table t) {
        AwsRuntime r = lake.runtime();
        String prefix = t.storageDescriptor().location().substring(r.s3Store().uri("").length());
        List<String> ids = new ArrayList<>();
        for (String key : r.store().list(prefix)) {
            Path local = tmp.resolve("s3").resolve(key);
            r.store().download(key, local);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, typeof(id) FROM read_parquet('" + local + "')")) {
                while (rs.next()) {
                    ids.add(rs.getString(1) + ":" + rs.getString(2));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return ids;
    }

    private static QueryPlan plan() {
        return QueryPlan.of(FeatureQuery.builder("customer", "acme").version("20261124T031500Z-3f9a").features("age").filters("age >= 30").build(), SCHEMA);
    }

    /** Ids "id-000000".. : each quoted with its separator is 13 bytes of the IN list. */
    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("id-%06d", i));
        }
        return ids;
    }

    private List<List<Object>> read(RowCursor cursor) {
        List<List<Object>> rows = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                rows.add(Arrays.asList(cursor.value(0), cursor.value(1)));
            }
        }
        return rows;
    }

    private void cannedRows() {
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("id-000007", "41")), List.of("varchar", "bigint"));
    }

    private void assertNothingLeft() {
        assertThat(temporaryTables()).as("temporary Glue tables").isEmpty();
        assertThat(lake.runtime().s3Store().list("query-results/_tables/")).as("temporary objects").isEmpty();
    }

    @Test
    void idsUpToTheInlineLimit_goInlineInOneStatement() {
        cannedRows();
        List<String> ids = ids(10_082); // 131,064 bytes of IN list

        List<List<Object>> rows = read(new AthenaQueryEngine(observed(null)).select(plan(), ids));

        assertThat(rows).containsExactly(Arrays.asList("id-000007", "41"));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).startsWith("SELECT \"id\", \"age\" FROM (SELECT * FROM \"" + lake.database + "\".\"customer\" WHERE"
                + " \"org\" = 'acme' AND \"version\" = '20261124T031500Z-3f9a' AND \"id\" IN ('id-000000', 'id-000001', ")
                .endsWith(", 'id-010081')) \"__narrowed\" WHERE \"age\" >= 30")
                .hasSizeLessThan(TrainingSetSql.MAX_QUERY_BYTES);
        assertThat(tablesAtQuery).as("no temporary table").isEmpty();
    }

    @Test
    void idsBeyondTheInlineLimit_goThroughATemporaryTable_thatTheStatementJoins_andThatIsRemoved() throws Exception {
        cannedRows();
        List<String> ids = new ArrayList<>(ids(10_083)); // 131,077 bytes of IN list
        ids.add("id-000001"); // duplicates are written once
        ids.add("o'brien ü");

        List<List<Object>> rows = read(new AthenaQueryEngine(observed(null)).select(plan(), ids));

        assertThat(rows).containsExactly(Arrays.asList("id-000007", "41"));
        assertThat(tablesAtQuery).singleElement().asString().matches("_featurestore_tmp_[0-9a-f]{32} \\[id:string\\]");
        String table = tablesAtQuery.get(0).split(" ")[0];
        assertThat(idsAtQuery).hasSize(10_084).startsWith("id-000000:VARCHAR", "id-000001:VARCHAR").endsWith("o'brien ü:VARCHAR");
        assertThat(sent).containsExactly("SELECT \"id\", \"age\" FROM (SELECT * FROM \"" + lake.database + "\".\"customer\" WHERE"
                + " \"org\" = 'acme' AND \"version\" = '20261124T031500Z-3f9a' AND \"id\" IN (SELECT \"id\" FROM \"" + lake.database + "\".\"" + table + "\"))"
                + " \"__narrowed\" WHERE \"age\" >= 30");
        assertNothingLeft();
        assertThat(onDuckDb(sent.get(0), table, ids)).as("the statement's meaning, on DuckDB").containsExactlyInAnyOrder("id-000007", "o'brien ü");
    }

    /** Runs the statement on DuckDB: customer has ids id-000007 (41), id-000008 (12), o'brien ü (30), zz (99). */
    private List<String> onDuckDb(String sql, String table, List<String> ids) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"" + lake.database + "\"");
            s.execute("CREATE VIEW \"" + lake.database + "\".\"customer\" AS SELECT * FROM (VALUES ('id-000007', 41, 'acme', '20261124T031500Z-3f9a'),"
                    + " ('id-000008', 12, 'acme', '20261124T031500Z-3f9a'), ('o''brien ü', 30, 'acme', '20261124T031500Z-3f9a'), ('zz', 99, 'acme', '20261124T031500Z-3f9a'),"
                    + " ('id-000007', 50, 'acme', 'v0')) t(id, age, org, version)");
            StringBuilder values = new StringBuilder();
            for (String id : ids) {
                values.append(values.isEmpty() ? "" : ", ").append("('").append(id.replace("'", "''")).append("')");
            }
            s.execute("CREATE VIEW \"" + lake.database + "\".\"" + table + "\" AS SELECT * FROM (VALUES " + values + ") t(id)");
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString("id"));
                }
            }
            return out;
        }
    }

    @Test
    void whenAthenaFails_theTemporaryTableIsRemovedAll_theSame() {
        FaultInjector faults = new FaultInjector().add(new FaultInjector.Rule("GetQueryExecution", FaultInjector.any(), ATHENA_FAILED, 1));

        assertThatThrownBy(() -> read(new AthenaQueryEngine(observed(faults)).select(plan(), ids(20_000))))
                .isInstanceOf(QueryException.class).hasMessageContaining("FAILED: HIVE_BAD_DATA");
        assertThat(tablesAtQuery).hasSize(1);
        assertNothingLeft();
    }

    @Test
    void whenS3FailsUploadingTheIds_itSaysSo_andLeavesNothingBehind() {
        AwsRuntime base = observed(null);
        AwsRuntime failing = base.withStore(new FailingObjectStore(base.store(), k -> k.startsWith("query-results/_tables/"), 1));

        assertThatThrownBy(() -> read(new AthenaQueryEngine(failing).select(plan(), ids(20_000))))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot write s3://" + lake.bucket + "/query-results/_tables/")
                .hasMessageEndingWith("503 SlowDown: injected by the test (S3 is unavailable)");
        assertThat(sent).as("no query without its table").isEmpty();
        assertNothingLeft();
    }
}
