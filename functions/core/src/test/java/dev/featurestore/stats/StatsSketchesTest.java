package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.RowKeys;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Statistics sketches written by one process and combined in another give the statistics of all the values. */
class StatsSketchesTest {
    static final Schema SCHEMA = new Schema(List.of(new Field("x", FieldType.DOUBLE), new Field("s", FieldType.STRING),
            new Field("b", FieldType.BOOLEAN)));

    @Test
    void combinedSketches_equalOneCollectorOverAllValues_forManyDistinctStrings() {
        for (int distinct : new int[] {10, 5_000, 200_000}) {
            StatsCollector all = StatsCollector.create(SCHEMA);
            StatsCollector[] parts = {StatsCollector.create(SCHEMA), StatsCollector.create(SCHEMA), StatsCollector.create(SCHEMA)};
            ColumnObserver[] allObs = observers(all, 0);
            ColumnObserver[][] partObs = {observers(parts[0], 0), observers(parts[1], 1), observers(parts[2], 2)};
            Random r = new Random(distinct);
            for (int i = 0; i < 300_000; i++) {
                long row = RowKeys.of("id" + i);
                ColumnObserver[] part = partObs[(int) Math.floorMod(row, 3L)];
                double x = r.nextGaussian();
                byte[] s = ("v" + r.nextInt(distinct)).getBytes(StandardCharsets.UTF_8);
                boolean nul = r.nextInt(50) == 0;
                for (ColumnObserver[] o : new ColumnObserver[][] {allObs, part}) {
                    o[0].observeDouble(row, x);
                    if (nul) {
                        o[1].observeNull(row);
                    } else {
                        o[1].observeString(row, s, 0, s.length, RowKeys.hash(s, 0, s.length));
                    }
                    o[2].observeBoolean(row, x > 0);
                }
            }
            Map<String, ColumnStats> combined = StatsCollector.combine(SCHEMA,
                    List.of(parts[0].sketches(), parts[1].sketches(), parts[2].sketches()));
            Map<String, ColumnStats> one = all.result();

            assertThat(combined.get("s")).as("distinct " + distinct).isEqualTo(one.get("s"));
            assertThat(combined.get("b")).isEqualTo(one.get("b"));
            assertThat(combined.get("x").numeric().quantiles()).isEqualTo(one.get("x").numeric().quantiles());
            assertThat(combined.get("x").count()).isEqualTo(one.get("x").count());
            assertThat(combined.get("x").numeric().mean()).isCloseTo(one.get("x").numeric().mean(), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void combine_refusesBytesThatAreNotSketchesOfTheSchema() {
        byte[] other = StatsCollector.create(new Schema(List.of(new Field("y", FieldType.BIGINT)))).sketches();

        assertThatThrownBy(() -> StatsCollector.combine(SCHEMA, List.of(new byte[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Cannot combine statistics sketches number 0: ");
        assertThatThrownBy(() -> StatsCollector.combine(SCHEMA, List.of(StatsCollector.create(SCHEMA).sketches(), other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot combine statistics sketches number 1: 1 fields, the schema has 3");
    }

    private static ColumnObserver[] observers(StatsCollector c, int worker) {
        return SCHEMA.fields().stream().map(f -> c.create(worker, f)).toArray(ColumnObserver[]::new);
    }
}
