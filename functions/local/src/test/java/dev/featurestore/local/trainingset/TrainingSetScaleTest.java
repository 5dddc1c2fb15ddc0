package dev.featurestore.local.trainingset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000,000 entity rows over 10 versions of 100,000 entities: every row comes back in order, and the process's
 * peak resident memory stays bounded. Prints wall time and peak RSS (docs/lookup.md records a run).
 */
class TrainingSetScaleTest {
    private static final int ENTITIES = 100_000;
    private static final int ROWS = 1_000_000;

    @TempDir
    Path tmp;

    @Test
    void trainingSet_joinsAMillionRowsOverTenVersions_inOrderWithinBoundedMemory() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (TrainingLake lake = new TrainingLake(tmp.resolve("lake"))) {
            for (int v = 0; v < 10; v++) {
                Map<String, Object[]> rows = new LinkedHashMap<>();
                for (int i = 0; i < ENTITIES; i++) {
                    rows.put("c" + i, new Object[] {"v" + v, (long) v});
                }
                lake.write("v" + v, rows, t0.plusSeconds(3600L * v));
                lake.publishAt("v" + v, t0.plusSeconds(3600L * v + 60));
            }
            Path entities = tmp.resolve("entities.parquet");
            try (Connection c = lake.db.connect(); Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                // event times from an hour before the first version to an hour after the last, ids shuffled by a hash
                s.execute("COPY (SELECT 'c' || (hash(i) % " + ENTITIES + ") AS id, TIMESTAMPTZ '2025-12-31 23:00:00+00' + INTERVAL (i % 39600) SECOND * 1"
                        + " AS event_time, i AS label FROM range(" + ROWS + ") t(i)) TO '" + entities + "' (FORMAT parquet)");
            }
            Path out = tmp.resolve("set.parquet");
            long hwmBefore = peakRssKb();
            long start = System.nanoTime();
            TrainingSetPlan plan = new TrainingSets(lake.store, lake.versions).plan("customer", "acme", List.of(), List.of());
            long written = new DuckDbTrainingSets(lake.db, lake.store).join(plan, entities, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            long hwmAfter = peakRssKb();
            System.out.printf("training set: %,d rows over 10 versions in %.2f s; peak RSS %,d MiB (before %,d MiB)%n",
                    written, seconds, hwmAfter / 1024, hwmBefore / 1024);

            assertThat(written).isEqualTo(ROWS);
            try (Connection c = lake.db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE label <> rn - 1),"
                         + " count(*) FILTER (WHERE f IS DISTINCT FROM CASE WHEN epoch(event_time) < epoch(TIMESTAMPTZ '2026-01-01 00:00:00+00') THEN NULL"
                         + " ELSE 'v' || least(9, floor((epoch(event_time) - epoch(TIMESTAMPTZ '2026-01-01 00:00:00+00')) / 3600))::BIGINT END)"
                         + " FROM (SELECT *, row_number() OVER () AS rn FROM read_parquet('" + out + "'))")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows out of order").isZero();
                assertThat(rs.getLong(2)).as("rows with the wrong version").isZero();
            }
            assertThat(hwmAfter).as("peak RSS in KiB").isLessThan(3L * 1024 * 1024);
        }
    }

    /** The process's peak resident set (VmHWM) in KiB. */
    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
