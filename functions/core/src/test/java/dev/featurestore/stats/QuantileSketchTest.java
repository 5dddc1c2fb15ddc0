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
            s.add(i);
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
            s.add(data[i]);
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
            s.add(data[i]);
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
            (i < 200_000 ? a : b).add(data[i]);
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
            a.add(r1.nextGaussian());
            b.add(r2.nextGaussian());
        }

        assertThat(a.quantiles(101)).isEqualTo(b.quantiles(101));
    }

    @Test
    void memoryIsBounded_whenManyValues() {
        QuantileSketch s = new QuantileSketch();
        Random r = new Random(5);
        for (int i = 0; i < 3_000_000; i++) {
            s.add(r.nextDouble());
        }
        // every level holds fewer than K items; with sampling the levels stay few
        assertThat(s.quantiles(2)).hasSize(2);
        assertThat(s.retained()).isLessThan(QuantileSketch.K * 20);
        assertThat(s.quantiles(3).get(1)).isCloseTo(0.5, within(0.02));
    }
}
