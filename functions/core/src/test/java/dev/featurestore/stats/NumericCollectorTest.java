package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericCollectorTest {
    private static final Field X = new Field("x", FieldType.DOUBLE);

    @Test
    void exactValues_whenInputIsSmall() {
        NumericCollector c = new NumericCollector(X);
        c.observeDouble(1, 4);
        c.observeNull(2);
        c.observeDouble(3, 1);
        c.observeDouble(4, 3);
        c.observeDouble(5, 2);

        ColumnStats s = c.toStats();

        assertThat(s.type()).isEqualTo("double");
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.nulls()).isEqualTo(1);
        NumericStats n = s.numeric();
        assertThat(n.min()).isEqualTo(1);
        assertThat(n.max()).isEqualTo(4);
        assertThat(n.mean()).isEqualTo(2.5);
        assertThat(n.stddev()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        assertThat(n.quantiles()).hasSize(NumericStats.QUANTILES);
        assertThat(n.quantiles().get(0)).isEqualTo(1);
        assertThat(n.quantiles().get(50)).isEqualTo(2);
        assertThat(n.quantiles().get(100)).isEqualTo(4);
        assertThat(n.quantiles()).isSorted();
    }

    @Test
    void longsAreCollectedAsNumbers_whenTypeIsTimestamp() {
        NumericCollector c = new NumericCollector(new Field("t", FieldType.TIMESTAMP));
        c.observeLong(6, 1_600_000_000_000_000L);
        c.observeLong(7, 1_700_000_000_000_000L);

        NumericStats n = c.toStats().numeric();

        assertThat(n.min()).isEqualTo(1.6e15);
        assertThat(n.max()).isEqualTo(1.7e15);
        assertThat(n.mean()).isEqualTo(1.65e15);
    }

    @Test
    void nonFiniteValuesAreCountedApart_whenNaNOrInfinite() {
        NumericCollector c = new NumericCollector(X);
        c.observeDouble(8, Double.NaN);
        c.observeDouble(9, Double.POSITIVE_INFINITY);
        c.observeDouble(10, 7);

        ColumnStats s = c.toStats();

        assertThat(s.count()).isEqualTo(3);
        assertThat(s.numeric().nonFinite()).isEqualTo(2);
        assertThat(s.numeric().mean()).isEqualTo(7);
        assertThat(s.numeric().stddev()).isZero();
    }

    @Test
    void noNumericSection_whenOnlyNulls() {
        NumericCollector c = new NumericCollector(X);
        c.observeNull(11);

        ColumnStats s = c.toStats();

        assertThat(s.numeric()).isNull();
        assertThat(s.nullRate()).isEqualTo(1.0);
    }

    @Test
    void momentsStayAccurate_whenValuesHaveALargeOffset() {
        NumericCollector c = new NumericCollector(X);
        Random r = new Random(1);
        double deviations = 0; // v - 1e9 is exact: the reference mean has no cancellation
        double[] v = new double[300_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e9 + r.nextGaussian();
            deviations += v[i] - 1e9;
            c.observeDouble(i, v[i]);
        }
        double mean = 1e9 + deviations / v.length;
        double m2 = 0;
        for (double x : v) {
            m2 += (x - mean) * (x - mean);
        }

        NumericStats n = c.toStats().numeric();

        assertThat(n.mean()).isCloseTo(mean, within(1e-6));
        assertThat(n.stddev()).isCloseTo(Math.sqrt(m2 / (v.length - 1)), within(1e-6));
    }

    @Test
    void mergeEqualsOneCollector_forAnySplitOfTheInput() {
        Random r = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            int size = 1 + r.nextInt(200_000);
            int split = r.nextInt(size + 1);
            NumericCollector all = new NumericCollector(X);
            NumericCollector a = new NumericCollector(X);
            NumericCollector b = new NumericCollector(X);
            double[] values = new double[size];
            int valueCount = 0;
            for (int i = 0; i < size; i++) {
                NumericCollector part = i < split ? a : b;
                if (r.nextInt(20) == 0) {
                    all.observeNull(i);
                    part.observeNull(i);
                } else {
                    double x = r.nextGaussian() * 10 + trial;
                    values[valueCount++] = x;
                    all.observeDouble(i, x);
                    part.observeDouble(i, x);
                }
            }
            a.merge(b);
            ColumnStats one = all.toStats();
            ColumnStats merged = a.toStats();

            assertThat(merged.count()).isEqualTo(one.count());
            assertThat(merged.nulls()).isEqualTo(one.nulls());
            if (one.numeric() == null) {
                assertThat(merged.numeric()).isNull();
                continue;
            }
            assertThat(merged.numeric().min()).isEqualTo(one.numeric().min());
            assertThat(merged.numeric().max()).isEqualTo(one.numeric().max());
            assertThat(merged.numeric().mean()).isCloseTo(one.numeric().mean(), within(1e-9));
            assertThat(merged.numeric().stddev()).isCloseTo(one.numeric().stddev(), within(1e-9));
            double[] observed = java.util.Arrays.copyOf(values, valueCount);
            Ranks.assertRankError(observed, merged.numeric().quantiles(), 0.02);
            Ranks.assertRankError(observed, one.numeric().quantiles(), 0.02);
        }
    }

    @Test
    void everyValueIsCollected_whenValuesSpanBatchesAndBlocksWithNonFiniteOnes() {
        NumericCollector c = new NumericCollector(X);
        int size = NumericCollector.BLOCK + NumericCollector.BATCH * 3 + 5;
        long finite = 0;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            if (i % (NumericCollector.BATCH - 1) == 0) {
                c.observeDouble(i, i % 2 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY);
                continue;
            }
            c.observeDouble(i, i);
            finite++;
            sum += i;
        }

        ColumnStats s = c.toStats();

        assertThat(s.count()).isEqualTo(size);
        assertThat(s.numeric().nonFinite()).isEqualTo(size - finite);
        assertThat(s.numeric().min()).isEqualTo(1);
        assertThat(s.numeric().max()).isEqualTo(size - 1);
        assertThat(s.numeric().mean()).isCloseTo(sum / finite, within(1e-9));
    }

    @Test
    void sameStatistics_whenWrittenAndReadBackWhileABatchIsOpen() throws Exception {
        NumericCollector c = new NumericCollector(X);
        for (int i = 0; i < NumericCollector.BATCH * 2 + 7; i++) {
            c.observeDouble(i, Math.sin(i) * 100);
        }
        c.observeNull(-1);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        c.write(new java.io.DataOutputStream(bytes));

        ColumnCollector read = ColumnCollector.read(X, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

        assertThat(read.toStats()).isEqualTo(c.toStats());
        assertThat(read.toStats().count()).isEqualTo(NumericCollector.BATCH * 2 + 7);
    }
}
