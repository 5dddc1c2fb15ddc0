package dev.featurestore.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.error.DataException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.UsageException;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.version.Lineage;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftServiceTest {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final VersionStore versions = VersionStore.create(new InMemoryObjectStore());
    private final DriftService drift = DriftService.create(versions);

    private void version(String id, double mean, boolean withStats) {
        version(id, mean, withStats, "sum-" + id, "double", "select 1", Map.of("home_lat", 52.52));
    }

    private void version(String id, double mean, boolean withStats, String checksum, String distanceType, String sql,
                         Map<String, Object> params) {
        Map<String, ColumnStats> stats = new LinkedHashMap<>();
        stats.put("distance", Columns.normal(20_000, mean, 1, id.hashCode()));
        stats.put("gender", Columns.strings(List.of("f", "m"), List.of(10, 10), 0));
        Lineage lineage = new Lineage(params, List.of(), new Lineage.CodeVersion("abc123", null), List.of());
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "customer", "acme", id, "run-" + id, "2026-11-24T00:00:00Z",
                "hash", "abc123", List.of(new Manifest.Column("id", "string"), new Manifest.Column("distance", distanceType),
                new Manifest.Column("gender", "string")), 20_000, List.of(),
                List.of(new Manifest.FunctionRun("orders", "sql", sql, 20_000, 5, List.of(), List.of())), Map.of(),
                withStats ? SNAKE.valueToTree(stats) : null, checksum, null, null, lineage);
        versions.writeManifest(m);
    }

    @Test
    void equalContentChecksums_sayIdenticalData_flagNothing_andKeepTheSketchesPsi() {
        version("20261122T000000Z-aaaa", 0, true, "same", "double", "select 1", Map.of("home_lat", 52.52));
        version("20261123T000000Z-bbbb", 2, true, "same", "double", "select 1", Map.of("home_lat", 52.52));

        DriftReport r = drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"), Optional.of("20261123T000000Z-bbbb"),
                DriftSettings.DEFAULT);

        assertThat(r.identicalData()).isTrue();
        assertThat(r.flagged()).isEmpty();
        assertThat(r.summary()).isEqualTo("identical data");
        assertThat(r.fields()).filteredOn(f -> f.field().equals("distance")).singleElement()
                .satisfies(f -> assertThat(f.psi()).isGreaterThan(0.2));
        assertThat(r.configChanges()).isEmpty();
        assertThat(DriftTable.render(r)).contains("Identical data: the content checksums are equal")
                .contains("Config: unchanged between the two versions");
    }

    @Test
    void configChanges_listFieldsFunctionsParams_betweenTheVersions() {
        version("20261122T000000Z-aaaa", 0, true, "one", "double", "select 1", Map.of("home_lat", 52.52, "tier", "gold"));
        version("20261123T000000Z-bbbb", 0, true, "two", "float", "select 2", Map.of("home_lat", 48.85));

        DriftReport r = drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"), Optional.of("20261123T000000Z-bbbb"),
                DriftSettings.DEFAULT);

        assertThat(r.identicalData()).isFalse();
        assertThat(r.configChanges()).extracting(ConfigChange::toString).containsExactly(
                "field distance: type double → float",
                "function orders: SQL changed",
                "param home_lat: 52.52 → 48.85",
                "param tier: gold → (unset)");
        assertThat(DriftTable.render(r)).contains("Config changes between the two versions:\n  field distance: type double → float\n");
    }

    @Test
    void summaryNumbers_perFieldAndVersion() {
        version("20261122T000000Z-aaaa", 0, true);
        version("20261123T000000Z-bbbb", 5, true);

        DriftReport r = drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"), Optional.of("20261123T000000Z-bbbb"),
                DriftSettings.DEFAULT);

        FieldDrift distance = r.fields().get(0);
        assertThat(distance.fromSummary().mean()).isCloseTo(0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(distance.toSummary().mean()).isCloseTo(5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(distance.toSummary().min()).isLessThan(distance.toSummary().max());
        assertThat(distance.toSummary().nulls()).isZero();
        assertThat(r.fields().get(1).toSummary().distinct()).isEqualTo(2);
        assertThat(DriftTable.render(r)).containsPattern("\ndistance +0 +- +-?\\d[.\\d]* → \\d[.\\d]* +\\d[.\\d]* → \\d[.\\d]* +-?\\d[.\\de-]* → \\d[.\\d]*\n")
                .containsPattern("\ngender +0 +2 +- +- +-\n");
        assertThat(DriftJson.write(r)).contains("\"from_summary\":{\"nulls\":0,\"min\":");
    }

    @Test
    void comparesCurrentWithThePreviousVersion_byDefault() {
        version("20261122T000000Z-aaaa", 0, true);
        version("20261123T000000Z-bbbb", 0, true);
        version("20261124T000000Z-cccc", 2, true);
        versions.publish("customer", "acme", "20261124T000000Z-cccc", "test");

        DriftReport r = drift.compare("customer", "acme", Optional.empty(), Optional.empty(), DriftSettings.DEFAULT);

        assertThat(r.from().version()).isEqualTo("20261123T000000Z-bbbb");
        assertThat(r.to().version()).isEqualTo("20261124T000000Z-cccc");
        assertThat(r.to().rows()).isEqualTo(20_000);
        assertThat(r.flagged()).containsExactly("distance");
        assertThat(r.summary()).isEqualTo("1 of 2 flagged: distance");
    }

    @Test
    void comparesTheGivenVersions() {
        version("20261122T000000Z-aaaa", 0, true);
        version("20261123T000000Z-bbbb", 0, true);
        version("20261124T000000Z-cccc", 2, true);

        DriftReport r = drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"),
                Optional.of("20261123T000000Z-bbbb"), DriftSettings.DEFAULT);

        assertThat(r.flagged()).isEmpty();
        assertThat(r.summary()).startsWith("stable (max psi 0.0");
    }

    @Test
    void comparesWithTheVersionBeforeTo_whenOnlyToIsGiven() {
        version("20261122T000000Z-aaaa", 0, true);
        version("20261123T000000Z-bbbb", 0, true);

        DriftReport r = drift.compare("customer", "acme", Optional.empty(), Optional.of("20261123T000000Z-bbbb"),
                DriftSettings.DEFAULT);

        assertThat(r.from().version()).isEqualTo("20261122T000000Z-aaaa");
    }

    @Test
    void saysHowToGetASecondVersion_whenThereIsOnlyOne() {
        version("20261122T000000Z-aaaa", 0, true);
        versions.publish("customer", "acme", "20261122T000000Z-aaaa", "test");

        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.empty(), Optional.empty(), DriftSettings.DEFAULT))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Cannot compare drift of group 'customer' for org 'acme': version '20261122T000000Z-aaaa'"
                        + " has no earlier version (calculate again to get a second one, or pass --from and --to)");
    }

    @Test
    void saysHowToCreateAVersion_whenNonePublished() {
        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.empty(), Optional.empty(), DriftSettings.DEFAULT))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Cannot find a published version of group 'customer' for org 'acme'");
    }

    @Test
    void refusesToCompareAVersionWithItself() {
        version("20261122T000000Z-aaaa", 0, true);

        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"),
                Optional.of("20261122T000000Z-aaaa"), DriftSettings.DEFAULT))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot compare version '20261122T000000Z-aaaa' of group 'customer' with itself");
    }

    @Test
    void namesTheVersionWithoutStatistics() {
        version("20261122T000000Z-aaaa", 0, false);
        version("20261123T000000Z-bbbb", 0, true);

        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"),
                Optional.of("20261123T000000Z-bbbb"), DriftSettings.DEFAULT))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot compare drift with version '20261122T000000Z-aaaa' of group 'customer'"
                        + " for org 'acme': its manifest has no statistics");
    }

    @Test
    void jsonBodyIsSnakeCaseAndReadsBack() throws Exception {
        version("20261122T000000Z-aaaa", 0, true);
        version("20261123T000000Z-bbbb", 1, true);
        DriftReport r = drift.compare("customer", "acme", Optional.of("20261122T000000Z-aaaa"),
                Optional.of("20261123T000000Z-bbbb"), DriftSettings.DEFAULT);

        String json = DriftJson.write(r);

        assertThat(json).contains("\"null_rate_change\":").contains("\"from_null_rate\":").contains("\"null_rate\":0.05");
        assertThat(DriftJson.read(json)).isEqualTo(r);
    }
}
