package dev.featurestore.local.trainingset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingSetTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private TrainingLake lake;

    @BeforeEach
    void setUp() {
        lake = new TrainingLake(tmp.resolve("lake"));
    }

    @AfterEach
    void tearDown() {
        lake.close();
    }

    private void sql(String sql) throws Exception {
        try (Connection c = lake.db.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute(sql);
        }
    }

    /** Writes entity rows (id, event_time as TIMESTAMPTZ, label) to Parquet. */
    private Path entities(List<String> ids, List<Instant> times) throws Exception {
        Path file = tmp.resolve("entities-" + System.nanoTime() + ".parquet");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("('").append(ids.get(i)).append("', TIMESTAMPTZ '").append(times.get(i))
                    .append("', ").append(i).append(")");
        }
        sql("COPY (SELECT * FROM (VALUES " + values + ") t(id, event_time, label)) TO '" + file + "' (FORMAT parquet)");
        return file;
    }

    private List<List<Object>> build(Path entities) {
        Path out = tmp.resolve("out-" + System.nanoTime() + ".parquet");
        TrainingSetPlan plan = new TrainingSets(lake.store, lake.versions).plan("customer", "acme", List.of(), List.of());
        new DuckDbTrainingSets(lake.db, lake.store).join(plan, entities, out);
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = lake.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, label, f, n FROM read_parquet('" + out + "')")) {
            while (rs.next()) {
                rows.add(Arrays.asList(rs.getString(1), rs.getObject(2), rs.getString(3), rs.getObject(4)));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static Map<String, Object[]> rows(String version, String... ids) {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        for (String id : ids) {
            rows.put(id, new Object[] {version + "/" + id, (long) id.hashCode()});
        }
        return rows;
    }

    @Test
    void trainingSet_neverReadsAVersionWhoseDataIsLaterThanTheEvent() throws Exception {
        // v1: data as of 10:00, published 10:05; v2: data as of 11:00, published 11:30
        lake.write("v1", rows("v1", "a", "b"), Instant.parse("2026-01-01T10:00:00Z"));
        lake.publishAt("v1", Instant.parse("2026-01-01T10:05:00Z"));
        lake.write("v2", rows("v2", "a", "b"), Instant.parse("2026-01-01T11:00:00Z"));
        lake.publishAt("v2", Instant.parse("2026-01-01T11:30:00Z"));

        List<List<Object>> set = build(entities(List.of("a", "a", "b", "a", "b"), List.of(
                Instant.parse("2026-01-01T09:59:59.999Z"), Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse("2026-01-01T10:59:59.999Z"), Instant.parse("2026-01-01T11:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z"))));

        assertThat(set).containsExactly(
                Arrays.asList("a", 0, null, null),
                Arrays.asList("a", 1, "v1/a", (long) "a".hashCode()),
                Arrays.asList("b", 2, "v1/b", (long) "b".hashCode()),
                Arrays.asList("a", 3, "v2/a", (long) "a".hashCode()),
                Arrays.asList("b", 4, "v2/b", (long) "b".hashCode()));
    }

    @Test
    void trainingSet_stopsReadingARolledBackVersion_fromTheRollbacksDataTime() throws Exception {
        lake.write("v1", rows("v1", "a"), Instant.parse("2026-01-01T10:00:00Z"));
        lake.publishAt("v1", Instant.parse("2026-01-01T10:00:00Z"));
        lake.write("v2", rows("v2", "a"), Instant.parse("2026-01-01T11:00:00Z"));
        lake.publishAt("v2", Instant.parse("2026-01-01T11:00:00Z"));
        lake.publishAt("v1", Instant.parse("2026-01-01T12:00:00Z")); // rollback: v2 was bad

        List<List<Object>> set = build(entities(List.of("a", "a"), List.of(
                Instant.parse("2026-01-01T11:30:00Z"), Instant.parse("2026-01-01T13:00:00Z"))));

        assertThat(set).extracting(r -> r.get(2)).containsExactly("v1/a", "v1/a");
    }

    @Test
    void trainingSet_usesTheFirstPublishTime_whenAVersionHasNoDataAsOf() throws Exception {
        lake.write("v1", rows("v1", "a"), null);
        lake.publishAt("v1", Instant.parse("2026-01-01T10:00:00Z"));

        List<List<Object>> set = build(entities(List.of("a", "a"), List.of(
                Instant.parse("2026-01-01T09:00:00Z"), Instant.parse("2026-01-01T10:00:00Z"))));

        assertThat(set).extracting(r -> r.get(2)).containsExactly(null, "v1/a");
    }

    /** The definition, row by row: the last publish (history order) whose data-as-of is at or before t. */
    private static String oracle(List<String[]> history, Map<String, Instant> asOf, Instant t) {
        String found = null;
        for (String[] p : history) {
            if (!asOf.get(p[0]).isAfter(t)) {
                found = p[0];
            }
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void trainingSet_equalsARowByRowOracle_whenPublishesRollbacksAndGapsAreRandom(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<String> universe = List.of("a", "b", "c", "d", "e", "f", "ü-日本");
        Map<String, Map<String, Object[]>> data = new HashMap<>();
        Map<String, Instant> asOf = new HashMap<>();
        List<String[]> history = new ArrayList<>();
        Instant clock = T0;
        int versions = 2 + rnd.nextInt(6);
        List<String> written = new ArrayList<>();
        for (int v = 0; v < versions; v++) {
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
                lake.write(version, rows, dataAsOf);
                data.put(version, rows);
                asOf.put(version, dataAsOf == null ? clock : dataAsOf);
                written.add(version);
            }
            lake.publishAt(version, clock);
            history.add(new String[] {version});
        }
        List<String> ids = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        List<Instant> boundaries = new ArrayList<>(asOf.values());
        for (int i = 0; i < 300; i++) {
            ids.add(universe.get(rnd.nextInt(universe.size())));
            Instant t = rnd.nextInt(4) == 0
                    ? boundaries.get(rnd.nextInt(boundaries.size())).plusMillis(rnd.nextInt(3) - 1) // at, just before, just after
                    : T0.minusSeconds(3600).plusSeconds((long) (rnd.nextDouble() * (clock.getEpochSecond() - T0.getEpochSecond() + 7200)));
            times.add(t);
        }

        List<List<Object>> set = build(entities(ids, times));

        assertThat(set).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String version = oracle(history, asOf, times.get(i));
            Object[] values = version == null ? null : data.get(version).get(ids.get(i));
            assertThat(set.get(i)).as("row %d: %s at %s (history %s)", i, ids.get(i), times.get(i), history.stream().map(h -> h[0]).toList())
                    .isEqualTo(Arrays.asList(ids.get(i), i, values == null ? null : values[0], values == null ? null : values[1]));
        }
    }

    @Test
    void trainingSet_rejectsBadEntityFiles_namingTheColumnAndRow() throws Exception {
        lake.write("v1", rows("v1", "a"), Instant.parse("2026-01-01T10:00:00Z"));
        lake.publishAt("v1", Instant.parse("2026-01-01T10:00:00Z"));
        Path noId = tmp.resolve("no-id.parquet");
        sql("COPY (SELECT 'a' AS key, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS event_time) TO '" + noId + "' (FORMAT parquet)");
        Path noTime = tmp.resolve("no-time.parquet");
        sql("COPY (SELECT 'a' AS id, 1 AS label) TO '" + noTime + "' (FORMAT parquet)");
        Path intId = tmp.resolve("int-id.parquet");
        sql("COPY (SELECT 7 AS id, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS event_time) TO '" + intId + "' (FORMAT parquet)");
        Path naive = tmp.resolve("naive.parquet");
        sql("COPY (SELECT 'a' AS id, TIMESTAMP '2026-01-01 00:00:00' AS event_time) TO '" + naive + "' (FORMAT parquet)");
        Path noZone = tmp.resolve("no-zone.csv");
        java.nio.file.Files.writeString(noZone, "id,event_time\na,2026-01-01T00:00:00Z\nb,2026-01-01T00:00:00\n");
        Path garbage = tmp.resolve("garbage.csv");
        java.nio.file.Files.writeString(garbage, "id,event_time\na,yesterday Z\n");
        Path clash = tmp.resolve("clash.csv");
        java.nio.file.Files.writeString(clash, "id,event_time,f\na,2026-01-01T00:00:00Z,1\n");

        assertThatThrownBy(() -> build(noId)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + noId + ": it has no column 'id' (columns: key, event_time)");
        assertThatThrownBy(() -> build(noTime)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + noTime + ": it has no column 'event_time' (columns: id, label)");
        assertThatThrownBy(() -> build(intId)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + intId + ": column 'id' is INTEGER (ids are strings)");
        assertThatThrownBy(() -> build(naive)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + naive + ": column 'event_time' is TIMESTAMP without a zone (need instants:"
                        + " a timestamp with time zone / adjusted to UTC, or ISO-8601 text with Z or an offset)");
        assertThatThrownBy(() -> build(noZone)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + noZone + ": row 2 event_time '2026-01-01T00:00:00' has no zone"
                        + " (write ISO-8601 instants with Z or an offset, e.g. 2026-11-24T00:00:00Z)");
        assertThatThrownBy(() -> build(garbage)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + garbage + ": row 1 event_time 'yesterday Z' is not a timestamp"
                        + " (write ISO-8601 instants with Z or an offset, e.g. 2026-11-24T00:00:00Z)");
        assertThatThrownBy(() -> build(clash)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + clash + ": column 'f' has the name of a feature (rename it, or leave"
                        + " the feature out with --exclude)");
        assertThatThrownBy(() -> build(tmp.resolve("missing.parquet"))).isInstanceOf(UsageException.class)
                .hasMessage("Cannot read --entities " + tmp.resolve("missing.parquet") + ": no such file");
    }
}
