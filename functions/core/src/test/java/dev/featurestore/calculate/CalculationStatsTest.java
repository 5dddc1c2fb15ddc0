package dev.featurestore.calculate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.stats.ColumnStats;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalculationStatsTest extends CalculationTest {
    @Test
    void run_storesStatisticsOfEveryFieldInTheManifestAndReadsThemBack() {
        Manifest m = calculation(10).run(group, writing("c1=30\nc2=40\nc3=50\n"));

        Map<String, ColumnStats> stats = ManifestStats.read(versions.manifest("customer", "acme", m.version()));
        assertThat(stats).containsOnlyKeys("age", "orders");
        assertThat(stats.get("age").count()).isEqualTo(3);
        assertThat(stats.get("age").nulls()).isZero();
        assertThat(stats.get("age").numeric().min()).isEqualTo(30.0);
        assertThat(stats.get("age").numeric().max()).isEqualTo(50.0);
    }
}
