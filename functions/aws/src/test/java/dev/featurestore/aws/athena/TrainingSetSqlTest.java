package dev.featurestore.aws.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.Validity;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training-set statement's edges, as text (its meaning is checked on DuckDB in AthenaTrainingSetsTest). */
class TrainingSetSqlTest {
    private static final TrainingSetPlan.VersionData DATA = new TrainingSetPlan.VersionData(List.of("k"), List.of("age"));

    private static TrainingSetPlan plan(List<Validity> timeline, Map<String, TrainingSetPlan.VersionData> versions, List<Field> features) {
        return new TrainingSetPlan("customer", "acme", features, timeline, versions, List.of());
    }

    @Test
    void micros_roundDown_atMicrosecondsAndBeforeTheEpoch() {
        assertThat(TrainingSetSql.micros(Instant.parse("2026-01-01T00:00:00.000001999Z"))).isEqualTo(1_767_225_600_000_001L);
        assertThat(TrainingSetSql.micros(Instant.parse("1969-12-31T23:59:59.999999999Z"))).isEqualTo(-1L);
    }

    @Test
    void select_leavesOutVersionsDeletedByRetention_soTheirIntervalsGetNulls() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Map<String, TrainingSetPlan.VersionData> versions = new LinkedHashMap<>();
        versions.put("v2", DATA);
        String sql = TrainingSetSql.select("db", "tmp", plan(List.of(new Validity(t, "v1"), new Validity(t.plusSeconds(1), "v2")),
                versions, List.of(new Field("age", FieldType.BIGINT))));

        assertThat(sql).contains("(VALUES ('v2', CAST(1767225601000000 AS BIGINT), CAST(9223372036854775807 AS BIGINT)))")
                .contains("\"version\" IN ('v2')").doesNotContain("'v1'");
    }

    @Test
    void select_withNoVersionLeft_isStillAStatement_thatMatchesNothing() {
        String sql = TrainingSetSql.select("db", "tmp", plan(List.of(new Validity(Instant.EPOCH, "v1")), Map.of(),
                List.of(new Field("age", FieldType.BIGINT))));

        assertThat(sql).contains("(VALUES (CAST(NULL AS VARCHAR), CAST(0 AS BIGINT), CAST(0 AS BIGINT)))")
                .contains("WHERE \"org\" = 'acme' AND 1 = 0)");
    }

    @Test
    void select_overAthenasStatementLimit_isA400_sayingWhatToSelectLess() {
        List<Validity> timeline = new ArrayList<>();
        Map<String, TrainingSetPlan.VersionData> versions = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            String v = String.format("20261124T%06dZ-3f9a", i);
            timeline.add(new Validity(Instant.EPOCH.plusSeconds(i), v));
            versions.put(v, DATA);
        }

        assertThatThrownBy(() -> TrainingSetSql.select("db", "tmp", plan(timeline, versions, List.of(new Field("age", FieldType.BIGINT)))))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot build a training set of group 'customer' for org 'acme' on AWS: its 3000 validity"
                        + " intervals and 1 features make a ")
                .hasMessageEndingWith("-byte Athena statement, over Athena's 262144 (select fewer features, or keep fewer versions"
                        + " with retention: { keep_versions: N })");
    }
}
