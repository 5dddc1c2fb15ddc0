package dev.featurestore.local.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.DriftReports;
import dev.featurestore.drift.FieldDrift;
import dev.featurestore.local.testing.Chromium;
import dev.featurestore.testing.TestTiers;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report in headless Chromium and checks what a person would see: every field's chart with
 * two bars per bin in the DOM, and a screenshot that is not blank and shows both versions' bar colours.
 * Fails when Chromium is missing ({@code scripts/ensure-chromium.sh} installs it; {@code .ci/run} calls it); skips
 * with the reason printed only when {@code FEATURESTORE_ALLOW_SKIPS=1} ({@link TestTiers}).
 */
class DriftHtmlRenderTest {
    private static Chromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Chromium.require("DriftHtmlRenderTest");
    }

    private Path page() throws Exception {
        Path page = dir.resolve("drift.html");
        Files.writeString(page, DriftHtml.render(DriftReports.sample()));
        return page;
    }

    @Test
    void domHasEveryFieldsChartWithTwoBarsPerBin() throws Exception {
        DriftReport report = DriftReports.sample();

        String dom = chromium.dumpDom(page().toUri().toString());

        assertThat(dom).contains("class=\"psi-chart\"");
        for (FieldDrift f : report.fields()) {
            String article = article(dom, f.field());
            if (f.histogram().isEmpty()) {
                assertThat(article).doesNotContain("<svg");
                continue;
            }
            assertThat(count(article, "<svg class=\"histogram")).as(f.field()).isEqualTo(1);
            assertThat(count(article, "class=\"bar from\"")).as(f.field()).isEqualTo(f.histogram().size());
            assertThat(count(article, "class=\"bar to\"")).as(f.field()).isEqualTo(f.histogram().size());
        }
        long withPsi = report.fields().stream().filter(f -> f.psi() != null).count();
        assertThat(count(dom, "class=\"psi-bar")).isEqualTo((int) withPsi);
        assertThat(count(dom, "class=\"threshold\"")).isEqualTo(1);
    }

    @Test
    void screenshotShowsBothVersionsBars() throws Exception {
        Path png = dir.resolve("drift.png");

        chromium.screenshot(page().toUri().toString(), png, 1200, 2000);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        int from = 0;
        int to = 0;
        int alert = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
                if (near(rgb, 0x5b7db1)) {
                    from++;
                } else if (near(rgb, 0xee8a3c)) {
                    to++;
                } else if (near(rgb, 0xd64545)) {
                    alert++;
                }
            }
        }
        assertThat(nonWhite).as("non-white pixels").isGreaterThan(image.getWidth() * image.getHeight() / 50);
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat(from).as("pixels of the baseline's bars").isGreaterThan(2000);
        assertThat(to).as("pixels of the compared version's bars").isGreaterThan(2000);
        assertThat(alert).as("pixels of flagged PSI bars").isGreaterThan(200);
    }

    private static boolean near(int rgb, int target) {
        return Math.abs(((rgb >> 16) & 0xff) - ((target >> 16) & 0xff)) <= 6
                && Math.abs(((rgb >> 8) & 0xff) - ((target >> 8) & 0xff)) <= 6
                && Math.abs((rgb & 0xff) - (target & 0xff)) <= 6;
    }

    private static String article(String dom, String field) {
        Matcher m = Pattern.compile("<article[^>]*data-field=\"" + Pattern.quote(field) + "\".*?</article>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("article of " + field).isTrue();
        return m.group();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
