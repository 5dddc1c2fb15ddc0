package dev.featurestore.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {

    @Test
    void exact_whenFewerValuesThanOneLevel() {
        QuantileSketch s = new QuantileSketch();
        for (int i = 100; i >= 0; i--) {
            s.add(i, i);
        }

        List<Double> q = s.quantiles(101);

        for (int i = 0; i <= 100; i++) {
            assertThat(q.get(i)).isEqualTo(i);
        }
    }

    @Test
    void rankErrorBelowTwoPercent_whenTwoMillionUniformValues() {
        Random r = new Random(7);
        double[] data = new double[2_000_000];
        QuantileSketch s = new QuantileSketch();
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextDouble();
            s.add(i, data[i]);
        }

        Ranks.assertRankError(data, s.quantiles(101), 0.02);
        assertThat(s.seen()).isEqualTo(data.length);
    }

    @Test
    void rankErrorBelowTwoPercent_whenSortedInputWithTies() {
        double[] data = new double[1_000_000];
        QuantileSketch s = new QuantileSketch();
        for (int i = 0; i < data.length; i++) {
            data[i] = i / 1000; // sorted, 1000 ties each: the order the merge sees when sorted by id
            s.add(i, data[i]);
        }

        Ranks.assertRankError(data, s.quantiles(101), 0.02);
    }

    @Test
    void rankErrorBelowTwoPercent_whenMergedFromUnevenParts() {
        Random r = new Random(8);
        double[] data = new double[1_200_000];
        QuantileSketch a = new QuantileSketch();
        QuantileSketch b = new QuantileSketch();
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.exp(r.nextGaussian());
            (i < 200_000 ? a : b).add(i, data[i]);
        }
        a.merge(b);

        Ranks.assertRankError(data, a.quantiles(101), 0.02);
        assertThat(a.seen()).isEqualTo(data.length);
    }

    @Test
    void sameSketch_whenSameInputInSameOrder() {
        QuantileSketch a = new QuantileSketch();
        QuantileSketch b = new QuantileSketch();
        Random r1 = new Random(3);
        Random r2 = new Random(3);
        for (int i = 0; i < 500_000; i++) {
            a.add(i, r1.nextGaussian());
            b.add(i, r2.nextGaussian());
        }

        assertThat(a.quantiles(101)).isEqualTo(b.quantiles(101));
    }

    @Test
    void memoryIsBounded_whenManyValues() {
        QuantileSketch s = new QuantileSketch();
        Random r = new Random(5);
        for (int i = 0; i < 3_000_000; i++) {
            s.add(i, r.nextDouble());
        }
        assertThat(s.quantiles(2)).hasSize(2);
        assertThat(s.retained()).isBetween(QuantileSketch.CAPACITY / 4, QuantileSketch.CAPACITY);
        assertThat(s.quantiles(3).get(1)).isCloseTo(0.5, within(0.02));
    }

    @Test
    void sameQuantiles_whenSameRowsSplitAndOrderedDifferently() {
        int n = 1_000_000;
        Random r = new Random(11);
        long[] rows = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            rows[i] = Hashing.fmix(i + 1L);
            values[i] = Math.exp(r.nextGaussian());
        }
        QuantileSketch whole = new QuantileSketch();
        for (int i = 0; i < n; i++) {
            whole.add(rows[i], values[i]);
        }
        // the same rows shuffled and dealt to three sketches of uneven sizes, merged in another order
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        QuantileSketch[] parts = {new QuantileSketch(), new QuantileSketch(), new QuantileSketch()};
        for (int k = 0; k < n; k++) {
            int i = order[k];
            parts[k < 50_000 ? 0 : k < 700_000 ? 1 : 2].add(rows[i], values[i]);
        }
        parts[2].merge(parts[0]);
        parts[2].merge(parts[1]);

        assertThat(parts[2].quantiles(101)).isEqualTo(whole.quantiles(101));
        assertThat(parts[2].retained()).isEqualTo(whole.retained());
        assertThat(parts[2].seen()).isEqualTo(n);
    }

    @Test
    void differentQuantiles_whenOneValueOfTheSampleChanges() {
        QuantileSketch a = new QuantileSketch();
        QuantileSketch b = new QuantileSketch();
        for (int i = 0; i < 1000; i++) {
            a.add(i, i);
            b.add(i, i == 500 ? 499.5 : i);
        }

        assertThat(a.quantiles(1001)).isNotEqualTo(b.quantiles(1001));
    }
}
