package dev.featurestore.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.stats.ColumnStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftCalculatorTest {
    private static final DriftSettings DEFAULT = DriftSettings.DEFAULT;

    private static FieldDrift drift(ColumnStats from, ColumnStats to) {
        return DriftCalculator.field("x", from, to, DEFAULT);
    }

    private static double expectedPsi(double[] from, double[] to) {
        double psi = 0;
        for (int i = 0; i < from.length; i++) {
            double b = Math.max(from[i], DriftCalculator.EPSILON);
            double t = Math.max(to[i], DriftCalculator.EPSILON);
            psi += (t - b) * Math.log(t / b);
        }
        return psi;
    }

    @Test
    void psiNearZero_whenSameDistribution() {
        FieldDrift d = drift(Columns.normal(200_000, 0, 1, 1), Columns.normal(200_000, 0, 1, 2));

        assertThat(d.psi()).isLessThan(0.01);
        assertThat(d.flagged()).isFalse();
        assertThat(d.binning()).isEqualTo("quantile");
        assertThat(d.bins()).hasSize(10);
        assertThat(d.bins()).allSatisfy(b -> assertThat(b.from()).isCloseTo(0.1, within(0.01)));
    }

    @Test
    void psiAboveQuarter_whenNormalShiftedByOneStandardDeviation() {
        FieldDrift d = drift(Columns.normal(200_000, 0, 1, 1), Columns.normal(200_000, 1, 1, 2));

        assertThat(d.psi()).isGreaterThan(0.25);
        assertThat(d.flagged()).isTrue();
        assertThat(d.reasons()).singleElement().asString().startsWith("psi ");
    }

    @Test
    void psiSmall_whenShiftIsATenthOfAStandardDeviation() {
        FieldDrift d = drift(Columns.normal(200_000, 0, 1, 1), Columns.normal(200_000, 0.1, 1, 2));

        assertThat(d.psi()).isBetween(0.002, 0.05);
    }

    @Test
    void psiMatchesTheFormula_whenUniformHalvesItsRange() {
        ColumnStats base = Columns.numeric("double", 500_000, 0, 3, r -> r::nextDouble);
        ColumnStats half = Columns.numeric("double", 500_000, 0, 4, r -> () -> r.nextDouble() / 2);

        FieldDrift d = drift(base, half);

        double[] from = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        double[] to = {0.2, 0.2, 0.2, 0.2, 0.2, 0, 0, 0, 0, 0};
        assertThat(d.psi()).isCloseTo(expectedPsi(from, to), within(0.1));
    }

    @Test
    void fewerBins_whenDecilesTie() {
        ColumnStats small = Columns.numeric("bigint", 100_000, 0, 5, r -> () -> r.nextInt(3));
        ColumnStats same = Columns.numeric("bigint", 100_000, 0, 6, r -> () -> r.nextInt(3));

        FieldDrift d = drift(small, same);

        assertThat(d.bins()).hasSize(4); // ≤ 0, (0, 1], (1, 2], > 2
        assertThat(d.psi()).isLessThan(0.01);
        assertThat(d.histogram()).extracting(Bin::label).containsExactly("0", "1", "2");
    }

    @Test
    void categoricalPsiMatchesTheFormula_whenSharesChange() {
        ColumnStats from = Columns.strings(List.of("a", "b"), List.of(500, 500), 0);
        ColumnStats to = Columns.strings(List.of("a", "b"), List.of(800, 200), 0);

        FieldDrift d = drift(from, to);

        assertThat(d.binning()).isEqualTo("category");
        assertThat(d.bins()).extracting(Bin::label).containsExactly("a", "b", "(other)");
        assertThat(d.psi()).isCloseTo(expectedPsi(new double[] {0.5, 0.5, 0}, new double[] {0.8, 0.2, 0}), within(1e-12));
        assertThat(d.psi()).isCloseTo(0.416, within(0.001));
    }

    @Test
    void newCategoryCountsAsOther_whenOnlyInTheComparedVersion() {
        ColumnStats from = Columns.strings(List.of("a", "b"), List.of(500, 500), 0);
        ColumnStats to = Columns.strings(List.of("a", "b", "c"), List.of(400, 400, 200), 0);

        FieldDrift d = drift(from, to);

        assertThat(d.bins().get(2).to()).isCloseTo(0.2, within(1e-12));
        assertThat(d.psi()).isCloseTo(expectedPsi(new double[] {0.5, 0.5, 0}, new double[] {0.4, 0.4, 0.2}), within(1e-12));
        assertThat(d.flagged()).isTrue();
    }

    @Test
    void categoricalPsiNearZero_whenSameShares() {
        ColumnStats from = Columns.strings(List.of("x", "y", "z"), List.of(100, 200, 300), 10);
        ColumnStats to = Columns.strings(List.of("x", "y", "z"), List.of(1000, 2000, 3000), 100);

        assertThat(drift(from, to).psi()).isCloseTo(0, within(1e-12));
    }

    @Test
    void booleanPsiOverTrueFalseNull() {
        FieldDrift d = drift(Columns.booleans(50, 40, 10), Columns.booleans(30, 40, 30));

        assertThat(d.binning()).isEqualTo("boolean");
        assertThat(d.bins()).extracting(Bin::label).containsExactly("true", "false", "null");
        assertThat(d.psi()).isCloseTo(expectedPsi(new double[] {0.5, 0.4, 0.1}, new double[] {0.3, 0.4, 0.3}), within(1e-12));
    }

    @Test
    void nullRateChangeFlagged_whenAboveThreshold() {
        ColumnStats from = Columns.strings(List.of("a"), List.of(95), 5);
        ColumnStats to = Columns.strings(List.of("a"), List.of(85), 15);

        FieldDrift d = drift(from, to);

        assertThat(d.fromNullRate()).isEqualTo(0.05);
        assertThat(d.toNullRate()).isEqualTo(0.15);
        assertThat(d.nullRateChange()).isCloseTo(0.10, within(1e-12));
        assertThat(d.psi()).isCloseTo(0, within(1e-12));
        assertThat(d.flagged()).isTrue();
        assertThat(d.reasons()).containsExactly("null rate +10.0 pp (limit 5.0 pp)");
    }

    @Test
    void nullRateChangeNotFlagged_whenWithinThreshold() {
        FieldDrift d = drift(Columns.strings(List.of("a"), List.of(95), 5), Columns.strings(List.of("a"), List.of(92), 8));

        assertThat(d.flagged()).isFalse();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void thresholdsComeFromTheSettings() {
        ColumnStats from = Columns.normal(100_000, 0, 1, 1);
        ColumnStats to = Columns.normal(100_000, 0.3, 1, 2);
        double psi = drift(from, to).psi();

        assertThat(DriftCalculator.field("x", from, to, new DriftSettings(psi * 0.9, 1)).flagged()).isTrue();
        assertThat(DriftCalculator.field("x", from, to, new DriftSettings(psi * 1.1, 1)).flagged()).isFalse();
    }

    @Test
    void schemaChanges_addedRemovedAndTypeChanged() {
        ColumnStats ints = Columns.numeric("int", 10_000, 0, 1, r -> () -> r.nextInt(100));
        ColumnStats bigints = Columns.numeric("bigint", 10_000, 0, 2, r -> () -> r.nextInt(100));
        Map<String, ColumnStats> before = new LinkedHashMap<>();
        before.put("kept", ints);
        before.put("gone", Columns.booleans(1, 1, 0));
        Map<String, ColumnStats> after = new LinkedHashMap<>();
        after.put("kept", bigints);
        after.put("fresh", Columns.strings(List.of("a"), List.of(3), 0));

        DriftReport r = DriftCalculator.compare("customer", "acme", new VersionStats("v1", 10_000, before),
                new VersionStats("v2", 10_000, after), DEFAULT);

        assertThat(r.fields()).extracting(FieldDrift::field).containsExactly("kept", "fresh", "gone");
        assertThat(r.fields()).extracting(FieldDrift::change)
                .containsExactly(FieldChange.TYPE_CHANGED, FieldChange.ADDED, FieldChange.REMOVED);
        FieldDrift kept = r.fields().get(0);
        assertThat(kept.reasons()).containsExactly("type int → bigint");
        assertThat(kept.psi()).isLessThan(0.05); // still comparable: both numeric
        assertThat(r.fields().get(1).flagged()).isFalse();
        assertThat(r.fields().get(1).psi()).isNull();
        assertThat(r.fields().get(2).flagged()).isTrue();
        assertThat(r.flagged()).containsExactly("kept", "gone");
    }

    @Test
    void noPsi_whenOneSideHasNoValues() {
        ColumnStats empty = Columns.numeric("double", 10, 1.0, 1, r -> r::nextDouble);

        FieldDrift d = drift(empty, Columns.normal(10, 0, 1, 2));

        assertThat(d.psi()).isNull();
        assertThat(d.nullRateChange()).isEqualTo(-1);
        assertThat(d.flagged()).isTrue();
    }

    @Test
    void jsonRoundTrip_keepsTheReport() throws Exception {
        DriftReport r = DriftReports.sample();
        ObjectMapper json = new ObjectMapper();

        String text = json.writeValueAsString(r);
        DriftReport back = json.readValue(text, DriftReport.class);

        assertThat(back).isEqualTo(r);
        assertThat(json.readTree(text).get("flagged").isArray()).isTrue();
        assertThat(json.readTree(text).get("fields").get(0).get("psi").isNumber()).isTrue();
    }
}
