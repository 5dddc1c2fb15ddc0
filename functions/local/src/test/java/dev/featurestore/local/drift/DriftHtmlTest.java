package dev.featurestore.local.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.drift.Columns;
import dev.featurestore.drift.ConfigChange;
import dev.featurestore.drift.DriftCalculator;
import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.DriftReports;
import dev.featurestore.drift.FieldDrift;
import dev.featurestore.drift.VersionStats;
import dev.featurestore.stats.ColumnStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftHtmlTest {
    private static final DriftReport REPORT = DriftReports.sample();
    private static final String HTML = DriftHtml.render(REPORT);

    @Test
    void selfContained_noScriptNoExternalResource() {
        assertThat(HTML).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(HTML).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain("<link").doesNotContain("@import").doesNotContain("url(");
    }

    @Test
    void summaryNamesVersionsRowsAndFlaggedFields() {
        assertThat(HTML).contains("20261124T031500Z-3f9a").contains("20261125T031500Z-b71c")
                .contains("50,000 rows").contains("51,200 rows").contains("(+2.4%)")
                .contains("<div class=\"big\">4 / 10</div>");
        for (String flagged : REPORT.flagged()) {
            assertThat(HTML).contains("<a class=\"chip\" href=\"#field-" + flagged + "\">" + flagged + "</a>");
        }
    }

    @Test
    void oneCardPerFieldWithItsChart() {
        assertThat(HTML.split("<article class=\"field").length - 1).isEqualTo(REPORT.fields().size());
        assertThat(HTML).contains("<svg class=\"histogram categorical\" data-field=\"city\" data-bins=\"21\"")
                .contains("<svg class=\"histogram\" data-field=\"vip\" data-bins=\"3\"")
                .contains("New in the compared version").contains("Not in the compared version");
    }

    @Test
    void psiChartHasOneBarPerComparableFieldAndTheThresholdLine() {
        long comparable = REPORT.fields().stream().filter(f -> f.psi() != null).count();

        assertThat(HTML.split("<rect class=\"psi-bar").length - 1).isEqualTo((int) comparable);
        assertThat(HTML.split("<rect class=\"psi-bar over\"").length - 1).isEqualTo(2); // distance, score
        assertThat(HTML).contains("<line class=\"threshold\"").contains("threshold 0.2</text>");
    }

    @Test
    void escapesNamesAndValues() {
        ColumnStats a = Columns.strings(List.of("<b>&\"x\"</b>"), List.of(3), 0);
        DriftReport r = DriftCalculator.compare("g<1>", "o&o", new VersionStats("v1", 3, Map.of("f<script>", a)),
                new VersionStats("v2", 3, Map.of("f<script>", a)), DriftSettings.DEFAULT);

        String html = DriftHtml.render(r);

        assertThat(html).doesNotContain("<script").doesNotContain("<b>&")
                .contains("f&lt;script&gt;").contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;").contains("g&lt;1&gt;");
    }

    @Test
    void identicalData_saysSo_withConfigUnchanged_andSummaryNumbersPerField() {
        DriftReport same = new DriftReport(REPORT.group(), REPORT.org(), REPORT.from(), REPORT.to(), REPORT.thresholds(),
                REPORT.fields(), List.of(), true, List.of());

        String html = DriftHtml.render(same);

        assertThat(html).contains("<div class=\"identical\">Identical data").contains("identical data</div>")
                .contains("Unchanged: same fields, functions, params and code.")
                .contains("<table class=\"summary\">").contains("<th>distinct</th>");
    }

    @Test
    void configChanges_listedAtTheTop_andBesideFlaggedFields() {
        DriftReport changed = new DriftReport(REPORT.group(), REPORT.org(), REPORT.from(), REPORT.to(), REPORT.thresholds(),
                REPORT.fields(), REPORT.flagged(), false,
                List.of(new ConfigChange("function", "orders", "SQL changed"), new ConfigChange("field", "score", "type int → double")));

        String html = DriftHtml.render(changed);

        assertThat(html).contains("<span class=\"kind\">function</span><b>orders</b> SQL changed");
        String distance = html.substring(html.indexOf("id=\"field-distance\""));
        distance = distance.substring(0, distance.indexOf("</article>"));
        assertThat(distance).contains("config: function orders: SQL changed").doesNotContain("field score");
        String score = html.substring(html.indexOf("id=\"field-score\""));
        assertThat(score.substring(0, score.indexOf("</article>"))).contains("field score: type int → double");
    }

    @Test
    void css_isTheResource_inlined() throws Exception {
        try (var in = DriftHtml.class.getResourceAsStream("drift.css")) {
            String css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(HTML).contains("<style>" + css + "</style>");
        }
    }
}
