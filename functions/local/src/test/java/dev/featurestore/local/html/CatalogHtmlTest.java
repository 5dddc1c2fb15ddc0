package dev.featurestore.local.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogHtmlTest {
    @Test
    void render_escapesDescriptions_soAConfigCannotInjectScript() {
        String html = CatalogHtml.render(Catalogs.small());

        assertThat(html).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void render_marksPiiFields_andListsEveryTagOnceAsAFilter() {
        String html = CatalogHtml.render(Catalogs.small());

        assertThat(html).contains("email<span class=\"pii\"");
        assertThat(html.split("data-tag=\"geo\"", -1)).hasSize(2);
        assertThat(html).contains("data-tag=\"activity\"", "data-tag=\"contact\"", "data-tag=\"demographics\"");
    }

    @Test
    void render_isSelfContained_withNoExternalAssets() {
        String html = CatalogHtml.render(Catalogs.small());

        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link ", "src=\"//");
    }

    @Test
    void render_showsOrgsWithoutAVersion_andReadersOrNobody() {
        String html = CatalogHtml.render(Catalogs.small());

        assertThat(html).contains("no version yet", "churn-model", ">nobody<");
    }
}
