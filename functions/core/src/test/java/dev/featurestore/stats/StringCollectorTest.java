package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringCollectorTest {
    private static long row;
    private static final Field S = new Field("s", FieldType.STRING);

    private static void observe(StringCollector c, String value) {
        byte[] bytes = ("xx" + value).getBytes(StandardCharsets.UTF_8);
        c.observeString(++row, bytes, 2, bytes.length - 2, dev.featurestore.merge.RowKeys.hash(bytes, 2, bytes.length - 2)); // an offset, as a page buffer would pass
    }

    @Test
    void exactTopValues_whenFewDistinctValues() {
        StringCollector c = new StringCollector(S);
        for (String v : List.of("b", "a", "b", "ü", "b", "a")) {
            observe(c, v);
        }
        c.observeNull(++row);

        ColumnStats s = c.toStats();

        assertThat(s.count()).isEqualTo(6);
        assertThat(s.nulls()).isEqualTo(1);
        StringStats st = s.strings();
        assertThat(st.top()).containsExactly(new TopValue("b", 3), new TopValue("a", 2), new TopValue("ü", 1));
        assertThat(st.other()).isZero();
        assertThat(st.maxError()).isZero();
        assertThat(st.distinct()).isEqualTo(3);
        assertThat(st.minLength()).isEqualTo(1);
        assertThat(st.maxLength()).isEqualTo(2);
        assertThat(st.meanLength()).isCloseTo(7.0 / 6, within(1e-12));
    }

    @Test
    void keepsTwentyAndCountsTheRestAsOther_whenMoreDistinctValues() {
        StringCollector c = new StringCollector(S);
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j <= i; j++) {
                observe(c, "v" + i);
            }
        }

        StringStats st = c.toStats().strings();

        assertThat(st.top()).hasSize(StringStats.TOP);
        assertThat(st.top().get(0)).isEqualTo(new TopValue("v29", 30));
        assertThat(st.top().get(19)).isEqualTo(new TopValue("v10", 11));
        assertThat(st.other()).isEqualTo(55); // 1 + 2 + ... + 10
        assertThat(st.distinct()).isEqualTo(30);
    }

    @Test
    void heavyHittersEstimated_whenZipfOverManyValues() {
        Random r = new Random(11);
        int values = 5000;
        double[] cdf = new double[values];
        double sum = 0;
        for (int i = 0; i < values; i++) {
            sum += Math.pow(i + 1, -0.8);
            cdf[i] = sum;
        }
        Map<String, Long> truth = new HashMap<>();
        StringCollector c = new StringCollector(S);
        for (int n = 0; n < 400_000; n++) {
            double u = r.nextDouble() * sum;
            int lo = 0;
            int hi = values - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            String v = "city-" + lo;
            truth.merge(v, 1L, Long::sum);
            observe(c, v);
        }

        StringStats st = c.toStats().strings();

        assertThat(st.maxError()).isPositive();
        assertThat(st.top().subList(0, 5)).extracting(TopValue::value)
                .containsExactly("city-0", "city-1", "city-2", "city-3", "city-4");
        for (int i = 0; i < st.top().size(); i++) {
            // estimates from a row sample of 32,768-65,536 rows: the sampling error is relative, larger for rarer
            // values (the top 5 here hold 1,100+ samples each, the 20th about 250)
            TopValue t = st.top().get(i);
            long exact = truth.get(t.value());
            assertThat((double) t.count()).as(t.value()).isCloseTo(exact, within((i < 5 ? 0.10 : 0.25) * exact));
        }
        long listed = st.top().stream().mapToLong(TopValue::count).sum();
        assertThat(st.other()).isEqualTo(400_000 - listed);
        assertThat((double) st.distinct()).isCloseTo(truth.size(), within(truth.size() * 0.05));
    }

    @Test
    void countsEveryValueOneByOne_whileTheTableIsExact() {
        StringCollector c = new StringCollector(S);
        for (int i = 0; i < 200_000; i++) {
            observe(c, "v" + (i % 700));
        }

        StringStats st = c.toStats().strings();

        assertThat(st.maxError()).isZero();
        assertThat(st.top()).allSatisfy(t -> assertThat(t.count()).isIn(285L, 286L));
        assertThat(st.distinct()).isEqualTo(700);
    }

    @Test
    void mergeEqualsOneCollector_whenExact() {
        Random r = new Random(5);
        StringCollector all = new StringCollector(S);
        StringCollector a = new StringCollector(S);
        StringCollector b = new StringCollector(S);
        for (int i = 0; i < 50_000; i++) {
            String v = "k" + (int) Math.abs(r.nextGaussian() * 50);
            observe(all, v);
            observe(r.nextBoolean() ? a : b, v);
        }
        a.merge(b);

        assertThat(a.toStats()).isEqualTo(all.toStats());
    }

    @Test
    void distinctCountWithinFivePercent_whenHundredThousandValues() {
        HyperLogLog h = new HyperLogLog();
        HyperLogLog other = new HyperLogLog();
        for (int i = 0; i < 100_000; i++) {
            byte[] b = ("id-" + i).getBytes(StandardCharsets.UTF_8);
            (i % 3 == 0 ? h : other).add(Hashing.hash(b, 0, b.length));
        }
        h.merge(other);

        assertThat((double) h.estimate()).isCloseTo(100_000, within(5_000.0));
    }

    @Test
    void sameStatistics_whenManyDistinctValuesAreSplitAndOrderedDifferently() {
        Random r = new Random(13);
        int n = 300_000;
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = "city-" + (int) Math.abs(r.nextGaussian() * 2_000); // ~5,000 distinct: past the exact table
        }
        StringCollector whole = new StringCollector(S);
        for (int i = 0; i < n; i++) {
            observeRow(whole, i, values[i]);
        }
        StringCollector[] parts = {new StringCollector(S), new StringCollector(S), new StringCollector(S)};
        for (int k = n - 1; k >= 0; k--) { // reversed, dealt unevenly
            int i = (int) ((k * 7_919L) % n);
            parts[k % 10 == 0 ? 0 : k % 3 == 0 ? 1 : 2].observeString(i, bytes(values[i]), 0, values[i].length(),
                    Hashing.hash(bytes(values[i]), 0, values[i].length()));
        }
        parts[1].merge(parts[2]);
        parts[1].merge(parts[0]);

        StringStats expected = whole.toStats().strings();
        assertThat(expected.maxError()).isPositive();
        assertThat(parts[1].toStats().strings()).isEqualTo(expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void observeRow(StringCollector c, long row, String value) {
        byte[] b = bytes(value);
        c.observeString(row, b, 0, b.length, Hashing.hash(b, 0, b.length));
    }
}
