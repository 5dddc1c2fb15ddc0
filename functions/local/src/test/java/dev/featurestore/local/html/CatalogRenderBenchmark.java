package dev.featurestore.local.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.discovery.FeatureCatalog;
import org.junit.jupiter.api.Test;

/**
 * The catalog page for 200 groups x 100 fields: a benchmark, not a timed test. It renders five times and prints
 * the median (the aim is under a second); it asserts only that every field row is in the page.
 */
class CatalogRenderBenchmark {
    @Test
    void render_200GroupsOf100Fields_printsTheMedianTime() {
        FeatureCatalog catalog = Catalogs.large(200, 100);
        long[] ms = new long[5];
        String html = "";
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            html = CatalogHtml.render(catalog);
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        java.util.Arrays.sort(ms);
        System.err.printf("catalog render benchmark: 200 groups x 100 fields, %,d bytes, median %d ms (runs: %s)%n",
                html.length(), ms[2], java.util.Arrays.toString(ms));
        assertThat(html.split("<tr class=\"field\"", -1)).hasSize(20_001);
    }
}
