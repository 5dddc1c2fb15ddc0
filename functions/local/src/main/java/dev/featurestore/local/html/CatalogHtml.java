package dev.featurestore.local.html;

import dev.featurestore.config.Docs;
import dev.featurestore.discovery.FeatureCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The feature catalog as one self-contained HTML page (no external assets): every group and field with its
 * documentation, type, current versions, null rates, a distribution summary and drift flags, and readers.
 * Searching and tag filters run in the page; {@code #q=word&tag=t} in the URL fills them on load, so a search
 * can be linked. The rows are rendered here, so the page reads without JavaScript too.
 */
public final class CatalogHtml {
    private static final String CSS = resource("catalog.css");
    private static final String JS = resource("catalog.js");

    private CatalogHtml() {
    }

    public static String render(FeatureCatalog catalog) {
        StringBuilder h = new StringBuilder(4096 + catalog.fieldCount() * 400);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Feature catalog</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>Feature catalog</h1><p>").append(catalog.groups().size()).append(" groups, ")
                .append(catalog.fieldCount()).append(" fields; statistics of each org's current version; readers of the last ")
                .append(catalog.usageDays()).append(" days; built ").append(esc(catalog.generatedAt())).append("</p></header>\n");
        h.append("<div class=\"controls\"><input id=\"search\" type=\"search\" autocomplete=\"off\" ")
                .append("placeholder=\"Search fields: name, description, owner, tag, type\" aria-label=\"Search fields\">")
                .append("<span id=\"match-count\"></span><div class=\"tags\" id=\"tags\">");
        for (String tag : tags(catalog)) {
            h.append("<button type=\"button\" class=\"tag\" data-tag=\"").append(esc(tag)).append("\">")
                    .append(esc(tag)).append("</button>");
        }
        h.append("</div></div>\n<main>\n");
        for (FeatureCatalog.Group g : catalog.groups()) {
            group(h, g);
        }
        h.append("<p id=\"no-match\" class=\"none hidden\">No field matches.</p>\n</main><script>").append(JS)
                .append("</script></body></html>\n");
        return h.toString();
    }

    private static void group(StringBuilder h, FeatureCatalog.Group g) {
        h.append("<section class=\"group\" id=\"group-").append(esc(g.name())).append("\" data-search=\"")
                .append(esc(searchText(g.name(), "", g.docs()))).append("\"><h2>").append(esc(g.name())).append("</h2>");
        meta(h, g.docs());
        h.append("<table class=\"orgs\"><thead><tr><th>org</th><th>current version</th><th>rows</th><th>created</th>")
                .append("<th>drift vs previous</th></tr></thead><tbody>");
        for (FeatureCatalog.Org o : g.orgs()) {
            h.append("<tr><td>").append(esc(o.org())).append("</td>");
            if (o.version().isEmpty()) {
                h.append("<td colspan=\"4\" class=\"none\">").append(o.drift().isEmpty() ? "no version yet" : esc(o.drift()))
                        .append("</td></tr>");
                continue;
            }
            h.append("<td>").append(esc(o.version())).append("</td><td>").append(String.format(Locale.ROOT, "%,d", o.rows()))
                    .append("</td><td>").append(esc(o.createdAt())).append("</td><td class=\"")
                    .append(o.drifted() ? "drift" : "stable").append("\">")
                    .append(o.drift().isEmpty() ? "-" : esc(o.drift())).append("</td></tr>");
        }
        h.append("</tbody></table>");
        h.append("<table class=\"fields\"><thead><tr><th>field</th><th>type</th><th>description</th><th>owner</th>")
                .append("<th>tags</th><th>null rate</th><th>distribution</th><th>readers</th></tr></thead><tbody>");
        for (FeatureCatalog.Field f : g.fields()) {
            field(h, g.name(), f);
        }
        h.append("</tbody></table></section>\n");
    }

    private static void field(StringBuilder h, String group, FeatureCatalog.Field f) {
        Docs d = f.docs();
        h.append("<tr class=\"field\" id=\"field-").append(esc(group)).append('-').append(esc(f.name()))
                .append("\" data-tags=\"").append(esc(String.join(",", d.tags()))).append("\" data-search=\"")
                .append(esc(searchText(f.name(), f.type(), d) + " " + String.join(" ", f.readers()))).append("\">");
        h.append("<td class=\"name\">").append(esc(f.name()));
        if (d.pii()) {
            h.append("<span class=\"pii\" title=\"personal data: left out of * selections\">PII</span>");
        }
        h.append("</td><td class=\"type\">").append(esc(f.type())).append(d.unit().isEmpty() ? "" : " (" + esc(d.unit()) + ")")
                .append("</td><td>").append(esc(d.description())).append("</td><td>").append(esc(d.owner())).append("</td><td>");
        for (String tag : d.tags()) {
            h.append("<span class=\"tag\">").append(esc(tag)).append("</span>");
        }
        h.append("</td><td>");
        StringBuilder summaries = new StringBuilder();
        for (FeatureCatalog.FieldStats s : f.stats()) {
            String prefix = f.stats().size() > 1 ? esc(s.org()) + ": " : "";
            h.append(prefix).append(String.format(Locale.ROOT, "%.1f%%", s.nullRate() * 100)).append("<br>");
            summaries.append(prefix).append(esc(s.summary()))
                    .append(s.drifted() ? " <span class=\"drift\" title=\"drifted against the previous version\">drift</span>" : "")
                    .append("<br>");
        }
        if (f.stats().isEmpty()) {
            h.append("<span class=\"none\">no version</span>");
        }
        h.append("</td><td>").append(summaries).append("</td><td>");
        h.append(f.readers().isEmpty() ? "<span class=\"none\">nobody</span>" : esc(String.join(", ", f.readers())));
        h.append("</td></tr>\n");
    }

    private static void meta(StringBuilder h, Docs d) {
        h.append("<p class=\"meta\">").append(d.description().isEmpty() ? "<span class=\"none\">no description</span>"
                : esc(d.description()));
        if (!d.owner().isEmpty()) {
            h.append(" &middot; owner: ").append(esc(d.owner()));
        }
        for (String tag : d.tags()) {
            h.append(" <span class=\"tag\">").append(esc(tag)).append("</span>");
        }
        h.append("</p>");
    }

    private static String searchText(String name, String type, Docs d) {
        return (name + " " + type + " " + d.description() + " " + d.owner() + " " + String.join(" ", d.tags()) + " "
                + d.unit() + (d.pii() ? " pii" : "")).toLowerCase(Locale.ROOT);
    }

    private static Set<String> tags(FeatureCatalog catalog) {
        Set<String> tags = new TreeSet<>();
        for (FeatureCatalog.Group g : catalog.groups()) {
            tags.addAll(g.docs().tags());
            for (FeatureCatalog.Field f : g.fields()) {
                tags.addAll(f.docs().tags());
            }
        }
        return tags;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = CatalogHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Cannot render the catalog: resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
