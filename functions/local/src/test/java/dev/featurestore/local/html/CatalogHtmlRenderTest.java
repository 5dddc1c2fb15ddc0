package dev.featurestore.local.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Chromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog page in headless Chromium, as a person uses it: a search (through the page's own search box,
 * filled from {@code #q=} on load) leaves only matching fields visible; a tag filter too; the screenshot shows
 * a rendered page, not a blank one.
 */
class CatalogHtmlRenderTest {
    private static Chromium chromium;

    @TempDir
    static Path dir;
    private static Path page;

    @BeforeAll
    static void render() throws Exception {
        chromium = Chromium.require("CatalogHtmlRenderTest");
        page = dir.resolve("catalog.html");
        Files.writeString(page, CatalogHtml.render(Catalogs.small()));
    }

    @Test
    void search_byAWordOfTheDescription_showsOnlyThatField() throws Exception {
        String dom = chromium.dumpDom(page.toUri() + "#q=kilometres");

        assertThat(visible(dom, "field-customer-distance")).isTrue();
        assertThat(visible(dom, "field-customer-age")).isFalse();
        assertThat(visible(dom, "field-customer-email")).isFalse();
        assertThat(visible(dom, "field-orders-orders_90d")).isFalse();
        assertThat(dom).contains("id=\"match-count\">1 field<");
        assertThat(dom).containsPattern("<section class=\"group hidden\" id=\"group-orders\"");
    }

    @Test
    void tagFilter_showsFieldsWithThatTag_acrossGroups() throws Exception {
        String dom = chromium.dumpDom(page.toUri() + "#tag=activity");

        assertThat(visible(dom, "field-orders-orders_90d")).isTrue();
        assertThat(visible(dom, "field-customer-distance")).isFalse();
        assertThat(dom).contains("id=\"match-count\">1 field<");
    }

    @Test
    void search_withoutMatches_saysSo() throws Exception {
        String dom = chromium.dumpDom(page.toUri() + "#q=nosuchwordanywhere");

        assertThat(dom).contains("id=\"match-count\">0 fields<").containsPattern("<p id=\"no-match\" class=\"none\">");
    }

    @Test
    void screenshot_isNotBlank() throws Exception {
        Path png = dir.resolve("catalog.png");

        chromium.screenshot(page.toUri().toString(), png, 1200, 900);

        BufferedImage image = ImageIO.read(png.toFile());
        int nonBackground = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff && rgb != 0xf6f7f9) {
                    nonBackground++;
                }
            }
        }
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(nonBackground).as("pixels that are not page background").isGreaterThan(1200 * 900 / 20);
        assertThat(colours.size()).as("distinct colours (text, header, badges)").isGreaterThan(30);
    }

    private static boolean visible(String dom, String rowId) {
        Matcher m = Pattern.compile("<tr class=\"([^\"]*)\" id=\"" + Pattern.quote(rowId) + "\"").matcher(dom);
        assertThat(m.find()).as("row " + rowId + " in the DOM").isTrue();
        return !m.group(1).contains("hidden");
    }
}
