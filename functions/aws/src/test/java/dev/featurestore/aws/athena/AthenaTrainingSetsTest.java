package dev.featurestore.aws.athena;

import static dev.featurestore.aws.testing.FaultInjector.Effect.ATHENA_FAILED;
import static dev.featurestore.aws.testing.FaultInjector.Effect.SERVER_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.glue.TemporaryTables;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.FailingObjectStore;
import dev.featurestore.aws.testing.FaultInjector;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.error.QueryException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.SourceRows;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.testing.MutableClock;
import dev.featurestore.trainingset.TrainingSetJoin.EntityRow;
import dev.featurestore.trainingset.TrainingSetJoin.Joined;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSets;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.lookup.TestVersions;
import dev.featurestore.version.VersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The Athena training-set engine on the emulator. moto's Athena runs no SQL, so two kinds of test: the SQL the
 * engine generates is run on DuckDB over the very Parquet files it wrote to S3 and registered in Glue (table
 * names mapped to views) and compared with a row-by-row oracle of the publish history; and on moto's Athena
 * (canned rows) the objects, the Glue table, the SQL sent, the answer and the cleanup on success and on every
 * failure are checked.
 */
@ExtendWith(AwsEmulatorExtension.class)
class AthenaTrainingSetsTest {
    private static final Schema SCHEMA = Schema.of(new Field("f", FieldType.STRING), new Field("n", FieldType.BIGINT));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private AwsEmulator aws;
    private TestLake lake;
    private AwsRuntime runtime;
    private VersionStore versions;
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> written = new ArrayList<>();

    @BeforeEach
    void setUp(AwsEmulator aws) {
        this.aws = aws;
        lake = new TestLake(aws);
        lake.glue().createDatabase(b -> b.databaseInput(d -> d.name(lake.database)));
        runtime = lake.runtime();
        versions = new VersionStore(runtime.store(), clock, Duration.ofHours(1));
    }

    private void write(String version, Map<String, Object[]> rows, Instant dataAsOf) throws Exception {
        TestVersions.write(runtime.store(), versions, tmp, "customer", "acme", version, SCHEMA, rows, 2,
                dataAsOf == null ? null : dataAsOf.toString(), false);
        written.add(version);
    }

    private void publishAt(String version, Instant at) {
        clock.set(at);
        versions.publish("customer", "acme", version, "test");
    }

    private TrainingSetPlan plan() {
        return new TrainingSets(runtime.store(), versions).plan("customer", "acme", List.of(), List.of());
    }

    private static List<EntityRow> entities(List<String> ids, List<Instant> times) {
        List<EntityRow> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("label", i);
            rows.add(new EntityRow(ids.get(i), times.get(i).toString(), extras));
        }
        return rows;
    }

    private AthenaTrainingSets engine(AwsRuntime r, Function<String, SourceRows> athena) {
        return new AthenaTrainingSets(r.temporaryTables(), athena, tmp.resolve("work"));
    }

    // --- the generated SQL, run on DuckDB over the files the engine wrote ---------------------------------------

    /** Runs Athena's statement on DuckDB: the Glue temp tables and the group's versions become views over their S3 files. */
    private SourceRows onDuckDb(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE SCHEMA \"" + lake.database + "\"");
            for (Table t : lake.glue().getTables(b -> b.databaseName(lake.database)).tableList()) {
                if (t.name().startsWith(TemporaryTables.TABLE_PREFIX)) {
                    String prefix = t.storageDescriptor().location().substring(runtime.s3Store().uri("").length());
                    s.execute("CREATE VIEW \"" + lake.database + "\".\"" + t.name() + "\" AS SELECT * FROM " + parquet(prefix));
                }
            }
            List<String> parts = new ArrayList<>();
            for (String v : written) {
                parts.add("SELECT *, 'acme' AS org, '" + v + "' AS version FROM " + parquet(Layout.version("customer", "acme", v)));
            }
            s.execute("CREATE VIEW \"" + lake.database + "\".\"customer\" AS " + String.join(" UNION ALL BY NAME ", parts));
            try (ResultSet rs = s.executeQuery(sql)) {
                return Listed.of(rs);
            }
        } catch (Exception e) {
            throw new AssertionError("DuckDB cannot run the statement sent to Athena:\n" + sql, e);
        }
    }

    private String parquet(String prefix) throws Exception {
        List<String> files = new ArrayList<>();
        for (String key : runtime.store().list(prefix)) {
            if (key.endsWith(".parquet")) {
                Path local = tmp.resolve("s3").resolve(key);
                runtime.store().download(key, local);
                files.add("'" + local + "'");
            }
        }
        return "read_parquet([" + String.join(", ", files) + "], hive_partitioning = false)";
    }

    /** The definition, row by row: the last publish (history order) whose data-as-of is at or before t. */
    private static String oracle(List<String> history, Map<String, Instant> asOf, Instant t) {
        String found = null;
        for (String v : history) {
            if (!asOf.get(v).isAfter(t)) {
                found = v;
            }
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void generatedSql_onDuckDb_equalsARowByRowOracle_whenPublishesRollbacksAndGapsAreRandom(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> universe = List.of("a", "b", "c", "d", "e", "f", "ü-日本");
        Map<String, Map<String, Object[]>> data = new HashMap<>();
        Map<String, Instant> asOf = new HashMap<>();
        List<String> history = new ArrayList<>();
        Instant clock = T0;
        int count = 2 + rnd.nextInt(5);
        for (int v = 0; v < count; v++) {
            clock = clock.plusSeconds(60 + rnd.nextInt(rnd.nextBoolean() ? 600 : 86_400)); // gaps short and long
            boolean rollback = !written.isEmpty() && rnd.nextInt(4) == 0;
            String version = rollback ? written.get(rnd.nextInt(written.size())) : "v" + v;
            if (!rollback) {
                Map<String, Object[]> rows = new LinkedHashMap<>();
                for (String id : universe) {
                    if (rnd.nextInt(3) > 0) {
                        rows.put(id, new Object[] {version + "/" + id, (long) rnd.nextInt(1000)});
                    }
                }
                Instant dataAsOf = rnd.nextInt(5) == 0 ? null : clock.minusSeconds(rnd.nextInt(7200));
                write(version, rows, dataAsOf);
                data.put(version, rows);
                asOf.put(version, dataAsOf == null ? clock : dataAsOf);
            }
            publishAt(version, clock);
            history.add(version);
        }
        List<String> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<Instant> boundaries = new ArrayList<>(asOf.values());
        for (int i = 0; i < 200; i++) {
            ids.add(universe.get(rnd.nextInt(universe.size())));
            times.add(rnd.nextInt(4) == 0
                    ? boundaries.get(rnd.nextInt(boundaries.size())).plusMillis(rnd.nextInt(3) - 1) // at, just before, just after
                    : T0.minusSeconds(3600).plusSeconds((long) (rnd.nextDouble() * (clock.getEpochSecond() - T0.getEpochSecond() + 7200))));
        }

        Joined set = engine(runtime, this::onDuckDb).join(plan(), List.of("label"), entities(ids, times));

        assertThat(set.columns()).containsExactly("id", "event_time", "label", "f", "n");
        assertThat(set.rows()).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String version = oracle(history, asOf, times.get(i));
            Object[] values = version == null ? null : data.get(version).get(ids.get(i));
            assertThat(set.rows().get(i)).as("row %d: %s at %s (history %s)", i, ids.get(i), times.get(i), history)
                    .isEqualTo(Arrays.asList(ids.get(i), times.get(i).toString(), i, values == null ? null : values[0],
                            values == null ? null : values[1]));
        }
        assertNothingLeft();
    }

    @Test
    void generatedSql_onDuckDb_neverReadsAVersionWhoseDataIsLaterThanTheEvent() throws Exception {
        write("v1", rows("v1", "a", "b"), Instant.parse("2026-01-01T10:00:00Z"));
        publishAt("v1", Instant.parse("2026-01-01T10:05:00Z"));
        write("v2", rows("v2", "a", "b"), Instant.parse("2026-01-01T11:00:00Z"));
        publishAt("v2", Instant.parse("2026-01-01T11:30:00Z"));
        publishAt("v1", Instant.parse("2026-01-01T12:00:00Z")); // rollback: from v1's data time on... v1 (its d is earlier)

        Joined set = engine(runtime, this::onDuckDb).join(plan(), List.of("label"), entities(List.of("a", "a", "b", "a", "b"), List.of(
                Instant.parse("2026-01-01T09:59:59.999999Z"), Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse("2026-01-01T10:59:59.999Z"), Instant.parse("2026-01-01T11:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"))));

        assertThat(set.rows()).extracting(r -> r.get(3)).containsExactly(null, "v1/a", "v1/b", "v1/a", "v1/b");
    }

    private static Map<String, Object[]> rows(String version, String... ids) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        for (String id : ids) {
            rows.put(id, new Object[] {version + "/" + id, (long) id.hashCode()});
        }
        return rows;
    }

    // --- on moto's Athena: objects, table, SQL, answer, cleanup ---------------------------------------------------

    private void twoVersions() throws Exception {
        write("v1", rows("v1", "a", "b"), Instant.parse("2026-01-01T10:00:00Z"));
        publishAt("v1", Instant.parse("2026-01-01T10:05:00Z"));
        write("v2", rows("v2", "a", "b"), Instant.parse("2026-01-01T11:00:00Z"));
        publishAt("v2", Instant.parse("2026-01-01T11:30:00Z"));
    }

    private List<EntityRow> threeRows() {
        return entities(List.of("b", "a", "zz"), List.of(Instant.parse("2026-01-01T10:30:00Z"),
                Instant.parse("2026-01-01T09:00:00+01:00"), Instant.parse("2026-01-02T00:00:00Z")));
    }

    private Function<String, SourceRows> athena(AwsRuntime r) {
        return sql -> r.featureEngine().query(sql);
    }

    private QueryExecution lastQuery() {
        List<String> ids = lake.athena().listQueryExecutions(b -> b.workGroup(lake.workgroup)).queryExecutionIds();
        return ids.stream().map(id -> lake.athena().getQueryExecution(b -> b.queryExecutionId(id)).queryExecution())
                .max(java.util.Comparator.comparing(q -> q.status().submissionDateTime())).orElseThrow();
    }

    private List<String> temporaryTables() {
        return lake.glue().getTables(b -> b.databaseName(lake.database)).tableList().stream().map(Table::name)
                .filter(n -> n.startsWith(TemporaryTables.TABLE_PREFIX)).toList();
    }

    private void assertNothingLeft() {
        assertThat(temporaryTables()).as("temporary Glue tables").isEmpty();
        assertThat(runtime.s3Store().list("query-results/_tables/")).as("temporary objects").isEmpty();
        assertThat(tmp.resolve("work").toFile().list()).as("local scratch").isNullOrEmpty();
    }

    @Test
    void trainingSet_onAthena_writesTheRowsAsParquet_registersThem_sendsTheJoin_andRemovesBoth() throws Exception {
        assertThat(aws.isMoto()).as("canned Athena results need moto").isTrue();
        twoVersions();
        List<List<Object>> seenRows = new ArrayList<>();
        List<String> seenColumns = new ArrayList<>();
        List<String> seenTypes = new ArrayList<>();
        aws.cannedAthenaResults(List.of(Arrays.asList("__entity_row", "f", "n"), Arrays.asList("0", "v1/b", "98"),
                Arrays.asList("1", null, null), Arrays.asList("2", null, null)), List.of("bigint", "varchar", "bigint"));
        Function<String, SourceRows> inspecting = sql -> {
            Table t = lake.glue().getTable(b -> b.databaseName(lake.database).name(temporaryTables().get(0))).table();
            t.storageDescriptor().columns().forEach(c -> { seenColumns.add(c.name()); seenTypes.add(c.type()); });
            assertThat(t.storageDescriptor().location()).startsWith("s3://" + lake.bucket + "/query-results/_tables/");
            String prefix = t.storageDescriptor().location().substring(runtime.s3Store().uri("").length());
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, event_time, entity_row, event_micros, typeof(entity_row), typeof(event_micros)"
                         + " FROM " + parquet(prefix))) {
                while (rs.next()) {
                    seenRows.add(Arrays.asList(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6)));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return athena(runtime).apply(sql);
        };

        Joined set = engine(runtime, inspecting).join(plan(), List.of("label"), threeRows());

        assertThat(seenColumns).containsExactly("id", "event_time", "entity_row", "event_micros");
        assertThat(seenTypes).containsExactly("string", "string", "bigint", "bigint");
        assertThat(seenRows).containsExactly(
                Arrays.asList("b", "2026-01-01T10:30:00Z", 0L, 1_767_263_400_000_000L, "BIGINT", "BIGINT"),
                Arrays.asList("a", "2026-01-01T08:00:00Z", 1L, 1_767_254_400_000_000L, "BIGINT", "BIGINT"),
                Arrays.asList("zz", "2026-01-02T00:00:00Z", 2L, 1_767_312_000_000_000L, "BIGINT", "BIGINT"));
        QueryExecution q = lastQuery();
        assertThat(q.workGroup()).isEqualTo(lake.workgroup);
        assertThat(q.query()).isEqualTo(TrainingSetSql.select(lake.database, q.query().replaceAll("(?s).*\"(_featurestore_tmp_[0-9a-f]{32})\".*", "$1"), plan()));
        assertThat(q.query()).contains("VALUES ('v1', CAST(1767261600000000 AS BIGINT), CAST(1767265200000000 AS BIGINT)),"
                + " ('v2', CAST(1767265200000000 AS BIGINT), CAST(9223372036854775807 AS BIGINT))")
                .contains("FROM \"" + lake.database + "\".\"customer\" WHERE \"org\" = 'acme' AND \"version\" IN ('v1', 'v2')")
                .contains("ORDER BY \"__e\".\"entity_row\"");
        assertThat(set.columns()).containsExactly("id", "event_time", "label", "f", "n");
        assertThat(set.rows()).containsExactly(
                Arrays.asList("b", "2026-01-01T10:30:00Z", 0, "v1/b", 98L),
                Arrays.asList("a", "2026-01-01T08:00:00Z", 1, null, null),
                Arrays.asList("zz", "2026-01-02T00:00:00Z", 2, null, null));
        assertNothingLeft();
    }

    @Test
    void trainingSet_whenAthenaFails_saysWhy_andLeavesNothingBehind() throws Exception {
        twoVersions();
        FaultInjector injector = new FaultInjector().add(new FaultInjector.Rule("GetQueryExecution", FaultInjector.any(), ATHENA_FAILED, 1));
        AwsRuntime faulty = AwsRuntime.create(lake.env, lake.clients.withInterceptor(injector));

        assertThatThrownBy(() -> engine(faulty, athena(faulty)).join(plan(), List.of("label"), threeRows()))
                .isInstanceOf(QueryException.class)
                .hasMessageMatching("Cannot run Athena query [-0-9a-f]+: FAILED: HIVE_BAD_DATA: Error parsing field value \\(injected\\)");
        assertThat(injector.injected()).hasSize(1);
        assertNothingLeft();
    }

    @Test
    void trainingSet_whenS3FailsUploadingTheRows_saysSo_andLeavesNothingBehind() throws Exception {
        twoVersions();
        ObjectStore failing = new FailingObjectStore(runtime.store(), k -> k.startsWith("query-results/_tables/"), 1);
        AwsRuntime faulty = runtime.withStore(failing);
        List<String> queries = new ArrayList<>();

        assertThatThrownBy(() -> engine(faulty, sql -> { queries.add(sql); return athena(faulty).apply(sql); })
                .join(plan(), List.of("label"), threeRows()))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot write s3://" + lake.bucket + "/query-results/_tables/")
                .hasMessageEndingWith("503 SlowDown: injected by the test (S3 is unavailable)");
        assertThat(queries).as("no query without its table").isEmpty();
        assertNothingLeft();
    }

    @Test
    void trainingSet_whenGlueRefusesTheTable_saysSo_andDeletesTheUploadedRows() throws Exception {
        twoVersions();
        FaultInjector injector = new FaultInjector().add(new FaultInjector.Rule("CreateTable", FaultInjector.any(), SERVER_ERROR, 100));
        AwsRuntime faulty = AwsRuntime.create(lake.env, lake.clients.withMaxAttempts(2).withInterceptor(injector));

        assertThatThrownBy(() -> engine(faulty, athena(faulty)).join(plan(), List.of("label"), threeRows()))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot create temporary table " + lake.database + "._featurestore_tmp_")
                .hasMessageContaining("for the training-set entity rows of group customer for org acme: InternalServiceException")
                .hasMessageEndingWith("(retried by the SDK; check the Query role's Glue permissions)");
        assertNothingLeft();
    }

    @Test
    void trainingSet_whenCleanupFails_stillAnswers_andLogsWhatIsLeft() throws Exception {
        twoVersions();
        aws.cannedAthenaResults(List.of(Arrays.asList("__entity_row", "f", "n"), Arrays.asList("0", "v1/b", "98"),
                Arrays.asList("1", null, null), Arrays.asList("2", null, null)), List.of("bigint", "varchar", "bigint"));
        FaultInjector injector = new FaultInjector().add(new FaultInjector.Rule("DeleteTable", FaultInjector.any(), SERVER_ERROR, 100));
        AwsRuntime faulty = AwsRuntime.create(lake.env, lake.clients.withMaxAttempts(2).withInterceptor(injector));

        Joined set = engine(faulty, athena(faulty)).join(plan(), List.of("label"), threeRows());

        assertThat(set.rows()).hasSize(3);
        assertThat(temporaryTables()).as("Glue refused the drop: the table is left (and logged)").hasSize(1);
        assertThat(runtime.s3Store().list("query-results/_tables/")).as("the objects are deleted all the same").isEmpty();
    }

    /** A result read into memory, served as Athena's rows are. */
    private record Listed(List<String> columns, List<List<Object>> rows, int[] at) implements SourceRows {
        static Listed of(ResultSet rs) throws Exception {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new Listed(columns, rows, new int[] {-1});
        }

        @Override
        public boolean next() {
            return ++at[0] < rows.size();
        }

        @Override
        public Object get(String column) {
            return rows.get(at[0]).get(columns.indexOf(column));
        }

        @Override
        public boolean isNull(String column) {
            return get(column) == null;
        }

        @Override
        public String getString(String column) {
            return (String) get(column);
        }

        @Override
        public long getLong(String column) {
            return ((Number) get(column)).longValue();
        }

        @Override
        public double getDouble(String column) {
            return ((Number) get(column)).doubleValue();
        }

        @Override
        public boolean getBoolean(String column) {
            return (Boolean) get(column);
        }

        @Override
        public java.time.LocalDate getDate(String column) {
            return (java.time.LocalDate) get(column);
        }

        @Override
        public Instant getTimestamp(String column) {
            return (Instant) get(column);
        }

        @Override
        public void close() {
        }
    }
}
