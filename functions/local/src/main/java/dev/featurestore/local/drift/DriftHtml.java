package dev.featurestore.local.drift;

import dev.featurestore.drift.Bin;
import dev.featurestore.drift.ConfigChange;
import dev.featurestore.drift.DriftCalculator;
import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.FieldChange;
import dev.featurestore.drift.FieldDrift;
import dev.featurestore.drift.FieldSummary;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DriftReport} as one self-contained HTML page: inline CSS and SVG, no script, no external
 * resource, so it opens offline and can be mailed or attached to a ticket. A summary with the versions, row
 * counts and flagged fields; an overview chart of every field's PSI against the threshold line and its null
 * rates; then per field the distributions of both versions side by side (bars per bin: the baseline in
 * slate blue, the compared version in orange).
 *
 * <p>Stable hooks for tests and styling: every chart is an {@code svg} with a class ({@code psi-chart},
 * {@code histogram}); each bin draws one {@code rect.bar.from} and one {@code rect.bar.to}; each field card
 * is an {@code article.field} with {@code data-field}.
 */
public final class DriftHtml {
    private static final String FROM = "#5b7db1";
    private static final String TO = "#ee8a3c";
    private static final String ALERT = "#d64545";
    private static final String OK = "#3c9d5d";

    private DriftHtml() {
    }

    public static String render(DriftReport report) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Drift of ").append(esc(report.group())).append(" · ").append(esc(report.from().version()))
                .append(" → ").append(esc(report.to().version())).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        header(h, report);
        configChanges(h, report);
        overview(h, report);
        h.append("<section class=\"fields\">\n");
        for (FieldDrift f : report.fields()) {
            field(h, f, report);
        }
        h.append("</section>\n<footer>PSI = Σ (to − from) · ln(to / from) over the bins, shares floored at ")
                .append(fmt(DriftCalculator.EPSILON)).append(". Numeric bins: the baseline's deciles; strings: the baseline's top values + other; ")
                .append("booleans: true / false / null. Rule of thumb: &lt; 0.1 stable, 0.1–0.25 moderate, &gt; 0.25 significant shift.</footer>\n")
                .append("</body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, DriftReport r) {
        h.append("<header>\n<h1>Drift of <span class=\"group\">").append(esc(r.group())).append("</span>")
                .append(" <span class=\"org\">org ").append(esc(r.org())).append("</span></h1>\n");
        long delta = r.to().rows() - r.from().rows();
        String change = r.from().rows() == 0 ? "" : String.format(Locale.ROOT, " (%+.1f%%)", 100.0 * delta / r.from().rows());
        h.append("<div class=\"versions\">")
                .append("<div class=\"version from\"><div class=\"label\"><i style=\"background:").append(FROM).append("\"></i>baseline (from)</div>")
                .append("<div class=\"id\">").append(esc(r.from().version())).append("</div>")
                .append("<div class=\"rows\">").append(String.format(Locale.ROOT, "%,d", r.from().rows())).append(" rows</div></div>")
                .append("<div class=\"arrow\">→</div>")
                .append("<div class=\"version to\"><div class=\"label\"><i style=\"background:").append(TO).append("\"></i>compared (to)</div>")
                .append("<div class=\"id\">").append(esc(r.to().version())).append("</div>")
                .append("<div class=\"rows\">").append(String.format(Locale.ROOT, "%,d", r.to().rows())).append(" rows")
                .append("<span class=\"delta\">").append(esc(change)).append("</span></div></div>");
        int flagged = r.flagged().size();
        h.append("<div class=\"verdict ").append(flagged == 0 ? "ok" : "alert").append("\"><div class=\"big\">")
                .append(r.identicalData() ? "=" : flagged + " / " + r.fields().size()).append("</div><div>")
                .append(r.identicalData() ? "identical data" : "fields flagged").append("</div></div>")
                .append("</div>\n");
        if (r.identicalData()) {
            h.append("<div class=\"identical\">Identical data<small>The content checksums of both versions are equal: the same rows")
                    .append(" with the same values. Nothing drifted; a non-zero PSI or a histogram difference below comes from the")
                    .append(" statistics sketches' estimates, not from the data.</small></div>\n");
        }
        h.append("<p class=\"thresholds\">Flagged when PSI &gt; <b>").append(fmt(r.thresholds().psi()))
                .append("</b> or the null rate moves by more than <b>").append(fmt(r.thresholds().nullRate() * 100))
                .append(" pp</b>, and on type changes and removed fields.</p>\n");
        if (flagged > 0) {
            h.append("<p class=\"flagged-list\">");
            for (String name : r.flagged()) {
                h.append("<a class=\"chip\" href=\"#field-").append(esc(anchor(name))).append("\">").append(esc(name)).append("</a> ");
            }
            h.append("</p>\n");
        }
        h.append("</header>\n");
    }

    /** What changed in the config between the versions (fields, functions, params, code), or that nothing did. */
    private static void configChanges(StringBuilder h, DriftReport r) {
        if (r.configChanges() == null) {
            return;
        }
        h.append("<section class=\"config\"><h2>Config between the versions</h2>\n");
        if (r.configChanges().isEmpty()) {
            h.append("<p class=\"note\">Unchanged: same fields, functions, params and code.</p>\n");
        } else {
            h.append("<ul class=\"config-changes\">");
            for (ConfigChange c : r.configChanges()) {
                h.append("<li><span class=\"kind\">").append(esc(c.kind())).append("</span><b>").append(esc(c.name())).append("</b> ")
                        .append(esc(c.change())).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** The config changes to show beside a field: its own, and for a flagged field every function change. */
    private static List<ConfigChange> changesBeside(FieldDrift f, DriftReport r) {
        if (r.configChanges() == null) {
            return List.of();
        }
        return r.configChanges().stream()
                .filter(c -> (c.kind().equals("field") && c.name().equals(f.field())) || (f.flagged() && !c.kind().equals("field")))
                .toList();
    }

    private static void summary(StringBuilder h, FieldDrift f) {
        FieldSummary a = f.fromSummary();
        FieldSummary b = f.toSummary();
        if (a == null && b == null) {
            return;
        }
        String type = f.type();
        h.append("<table class=\"summary\"><tr><th></th><th>nulls</th><th>distinct</th><th>min</th><th>max</th><th>mean</th></tr>");
        summaryRow(h, "from", type, a, b);
        summaryRow(h, "to", type, b, a);
        h.append("</table>\n");
    }

    private static void summaryRow(StringBuilder h, String side, String type, FieldSummary s, FieldSummary other) {
        h.append("<tr><td>").append(side).append("</td>");
        if (s == null) {
            h.append("<td colspan=\"5\">–</td></tr>");
            return;
        }
        String[] cells = cells(type, s);
        String[] others = other == null ? new String[cells.length] : cells(type, other);
        for (int i = 0; i < cells.length; i++) {
            h.append("<td").append(cells[i].equals(others[i]) ? "" : " class=\"changed\"").append(">").append(esc(cells[i])).append("</td>");
        }
        h.append("</tr>");
    }

    private static String[] cells(String type, FieldSummary s) {
        String mean = s.mean() == null ? "-" : "boolean".equals(type) ? pct(s.mean()) + " true" : FieldSummary.format(type, s.mean());
        return new String[] {String.format(Locale.ROOT, "%,d", s.nulls()),
            s.distinct() == null ? "-" : String.format(Locale.ROOT, "%,d", s.distinct()),
            FieldSummary.format(type, s.min()), FieldSummary.format(type, s.max()), mean};
    }

    private static void overview(StringBuilder h, DriftReport r) {
        List<FieldDrift> fields = r.fields();
        double threshold = r.thresholds().psi();
        double max = threshold * 1.5;
        for (FieldDrift f : fields) {
            if (f.psi() != null) {
                max = Math.max(max, f.psi());
            }
        }
        max = Math.min(max * 1.08, threshold * 8); // a huge PSI is drawn clipped rather than flattening the rest
        double nullMax = 0.05;
        for (FieldDrift f : fields) {
            nullMax = Math.max(nullMax, Math.max(f.fromNullRate(), f.toNullRate()));
        }
        nullMax = Math.min(1, nullMax * 1.1);
        int rowH = 24;
        int labelW = 170;
        int psiW = 520;
        int gap = 70;
        int nullW = 300;
        int top = 46;
        int width = labelW + psiW + gap + nullW + 20;
        int height = top + rowH * fields.size() + 26;
        h.append("<section class=\"overview\"><h2>Overview</h2>\n");
        h.append("<svg class=\"psi-chart\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"PSI and null rate per field\">\n");
        h.append("<text x=\"").append(labelW).append("\" y=\"14\" class=\"axis-title\">Population stability index</text>");
        h.append("<text x=\"").append(labelW + psiW + gap).append("\" y=\"14\" class=\"axis-title\">Null rate: from / to</text>");
        for (int i = 0; i < fields.size(); i++) {
            FieldDrift f = fields.get(i);
            int y = top + i * rowH;
            if (i % 2 == 0) {
                h.append("<rect class=\"stripe\" x=\"0\" y=\"").append(y).append("\" width=\"").append(width)
                        .append("\" height=\"").append(rowH).append("\" fill=\"#f6f7f9\"/>");
            }
            h.append("<a href=\"#field-").append(esc(anchor(f.field()))).append("\"><text x=\"").append(labelW - 10).append("\" y=\"").append(y + 16)
                    .append("\" text-anchor=\"end\" class=\"field-label").append(f.flagged() ? " flagged" : "").append("\">")
                    .append(esc(shorten(f.field(), 24))).append("</text></a>");
            if (f.psi() != null) {
                double w = Math.max(1.5, Math.min(1, f.psi() / max) * psiW);
                boolean over = f.psi() > threshold;
                h.append("<rect class=\"psi-bar").append(over ? " over" : "").append("\" data-field=\"").append(esc(f.field()))
                        .append("\" x=\"").append(labelW).append("\" y=\"").append(y + 5).append("\" width=\"").append(num(w))
                        .append("\" height=\"").append(rowH - 10).append("\" rx=\"2\" fill=\"").append(over ? ALERT : OK).append("\">")
                        .append("<title>").append(esc(f.field())).append(": PSI ").append(fmt(f.psi())).append("</title></rect>");
                h.append("<text x=\"").append(num(labelW + w + 6)).append("\" y=\"").append(y + 16).append("\" class=\"value\">")
                        .append(String.format(Locale.ROOT, "%.3f", f.psi())).append(f.psi() / max > 1 ? " »" : "").append("</text>");
            } else {
                h.append("<text x=\"").append(labelW + 4).append("\" y=\"").append(y + 16).append("\" class=\"note\">")
                        .append(esc(f.change() == FieldChange.UNCHANGED ? "no values to compare" : f.change().name().toLowerCase(Locale.ROOT).replace('_', ' ')))
                        .append("</text>");
            }
            int nx = labelW + psiW + gap;
            if (f.change() != FieldChange.ADDED) {
                h.append(nullBar(nx, y + 4, nullW * f.fromNullRate() / nullMax, FROM, "from", f.fromNullRate()));
            }
            if (f.change() != FieldChange.REMOVED) {
                h.append(nullBar(nx, y + 12, nullW * f.toNullRate() / nullMax, TO, "to", f.toNullRate()));
            }
            boolean nullFlag = Math.abs(f.nullRateChange()) > r.thresholds().nullRate();
            h.append("<text x=\"").append(nx - 6).append("\" y=\"").append(y + 16).append("\" text-anchor=\"end\" class=\"value")
                    .append(nullFlag ? " flagged" : "").append("\">").append(nullFlag ? "▲" : "").append("</text>");
        }
        double tx = labelW + Math.min(1, threshold / max) * psiW;
        int bottom = top + rowH * fields.size();
        h.append("<line class=\"threshold\" x1=\"").append(num(tx)).append("\" x2=\"").append(num(tx)).append("\" y1=\"").append(top - 18)
                .append("\" y2=\"").append(bottom + 4).append("\" stroke=\"").append(ALERT).append("\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>");
        h.append("<text x=\"").append(num(tx + 4)).append("\" y=\"").append(top - 6).append("\" class=\"threshold-label\">threshold ")
                .append(fmt(threshold)).append("</text>");
        h.append("<line x1=\"").append(labelW).append("\" x2=\"").append(labelW).append("\" y1=\"").append(top - 4).append("\" y2=\"")
                .append(bottom).append("\" stroke=\"#999\"/>");
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double x = labelW + psiW * t / 4.0;
            h.append("<text x=\"").append(num(x)).append("\" y=\"").append(bottom + 18).append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(String.format(Locale.ROOT, "%.2f", v)).append("</text>");
            double nv = nullMax * t / 4;
            double nxt = labelW + psiW + gap + nullW * t / 4.0;
            h.append("<text x=\"").append(num(nxt)).append("\" y=\"").append(bottom + 18).append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(String.format(Locale.ROOT, "%.0f%%", nv * 100)).append("</text>");
        }
        h.append("</svg></section>\n");
    }

    private static String nullBar(double x, double y, double w, String color, String side, double rate) {
        return "<rect class=\"null-bar " + side + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(Math.max(rate > 0 ? 1.5 : 0, w))
                + "\" height=\"7\" fill=\"" + color + "\"><title>" + side + ": " + pct(rate) + " null</title></rect>";
    }

    private static void field(StringBuilder h, FieldDrift f, DriftReport r) {
        h.append("<article class=\"field").append(f.flagged() ? " flagged" : "").append("\" id=\"field-").append(esc(anchor(f.field())))
                .append("\" data-field=\"").append(esc(f.field())).append("\" data-bins=\"").append(f.histogram().size()).append("\">\n");
        h.append("<h3>").append(esc(f.field())).append(" <span class=\"type\">")
                .append(esc(f.change() == FieldChange.TYPE_CHANGED ? f.fromType() + " → " + f.toType() : f.type())).append("</span>");
        if (f.change() != FieldChange.UNCHANGED) {
            h.append(" <span class=\"badge change\">").append(esc(f.change().name().toLowerCase(Locale.ROOT).replace('_', ' '))).append("</span>");
        }
        if (f.flagged()) {
            h.append(" <span class=\"badge alert\">flagged</span>");
        }
        h.append("</h3>\n<div class=\"metrics\">");
        if (f.psi() != null) {
            h.append("<div class=\"metric").append(f.psi() > r.thresholds().psi() ? " over" : "").append("\"><span>PSI</span><b>")
                    .append(String.format(Locale.ROOT, "%.3f", f.psi())).append("</b><small>limit ").append(fmt(r.thresholds().psi())).append("</small></div>");
        }
        boolean nullOver = Math.abs(f.nullRateChange()) > r.thresholds().nullRate();
        h.append("<div class=\"metric").append(nullOver ? " over" : "").append("\"><span>nulls</span><b>")
                .append(f.change() == FieldChange.ADDED ? "–" : pct(f.fromNullRate())).append(" → ")
                .append(f.change() == FieldChange.REMOVED ? "–" : pct(f.toNullRate())).append("</b><small>")
                .append(String.format(Locale.ROOT, "%+.1f pp", f.nullRateChange() * 100)).append("</small></div>");
        h.append("</div>\n");
        if (!f.reasons().isEmpty() && f.flagged()) {
            h.append("<p class=\"reasons\">").append(esc(String.join(" · ", f.reasons()))).append("</p>\n");
        }
        List<ConfigChange> beside = changesBeside(f, r);
        if (!beside.isEmpty()) {
            h.append("<p class=\"config-note\">config: ").append(esc(String.join(" · ", beside.stream().map(ConfigChange::toString).toList())))
                    .append("</p>\n");
        }
        summary(h, f);
        if (f.histogram().isEmpty()) {
            h.append("<p class=\"note\">").append(switch (f.change()) {
                case ADDED -> "New in the compared version: no baseline to compare with.";
                case REMOVED -> "Not in the compared version.";
                default -> "No values to compare on one side.";
            }).append("</p>\n");
        } else if ("category".equals(f.binning())) {
            categorical(h, f);
        } else {
            columns(h, f);
        }
        h.append("</article>\n");
    }

    /** Vertical grouped bars: numeric histograms and booleans. */
    private static void columns(StringBuilder h, FieldDrift f) {
        List<Bin> bins = f.histogram();
        int width = 540;
        int height = 250;
        int left = 46;
        int right = 10;
        int top = 26;
        int bottom = 66;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double max = 0;
        for (Bin b : bins) {
            max = Math.max(max, Math.max(b.from(), b.to()));
        }
        double yMax = niceCeiling(max);
        h.append("<svg class=\"histogram\" data-field=\"").append(esc(f.field())).append("\" data-bins=\"").append(bins.size())
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"distribution of ").append(esc(f.field())).append(" in both versions\">");
        legend(h, left, 14);
        for (int t = 0; t <= 4; t++) {
            double y = top + plotH - plotH * t / 4;
            h.append("<line x1=\"").append(left).append("\" x2=\"").append(num(left + plotW)).append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y))
                    .append("\" class=\"grid\"/>");
            h.append("<text x=\"").append(left - 6).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\" class=\"tick\">")
                    .append(pctShort(yMax * t / 4)).append("</text>");
        }
        double group = plotW / bins.size();
        double barW = Math.max(1, group * 0.38);
        int labelEvery = Math.max(1, (int) Math.ceil(bins.size() / 10.0));
        for (int i = 0; i < bins.size(); i++) {
            Bin b = bins.get(i);
            double x0 = left + i * group + group * 0.1;
            bar(h, "from", x0, top + plotH, barW, plotH * b.from() / yMax, FROM, b);
            bar(h, "to", x0 + barW, top + plotH, barW, plotH * b.to() / yMax, TO, b);
            if (i % labelEvery == 0) {
                double lx = left + i * group + group / 2;
                double ly = top + plotH + 12;
                h.append("<text class=\"bin-label\" x=\"").append(num(lx)).append("\" y=\"").append(num(ly))
                        .append("\" text-anchor=\"end\" transform=\"rotate(-35 ").append(num(lx)).append(' ').append(num(ly)).append(")\">")
                        .append(esc(shorten(b.label(), 18))).append("</text>");
            }
        }
        h.append("<line x1=\"").append(left).append("\" x2=\"").append(num(left + plotW)).append("\" y1=\"").append(num(top + plotH))
                .append("\" y2=\"").append(num(top + plotH)).append("\" stroke=\"#666\"/>");
        h.append("</svg>\n");
    }

    /** Horizontal grouped bars: one row per top value, plus other. */
    private static void categorical(StringBuilder h, FieldDrift f) {
        List<Bin> bins = f.histogram();
        int width = 540;
        int rowH = 20;
        int top = 26;
        int left = 150;
        int right = 60;
        int height = top + rowH * bins.size() + 24;
        double plotW = width - left - right;
        double max = 0;
        for (Bin b : bins) {
            max = Math.max(max, Math.max(b.from(), b.to()));
        }
        double xMax = niceCeiling(max);
        h.append("<svg class=\"histogram categorical\" data-field=\"").append(esc(f.field())).append("\" data-bins=\"").append(bins.size())
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"top values of ").append(esc(f.field())).append(" in both versions\">");
        legend(h, left, 14);
        int bottom = top + rowH * bins.size();
        for (int t = 0; t <= 4; t++) {
            double x = left + plotW * t / 4;
            h.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(top).append("\" y2=\"").append(bottom)
                    .append("\" class=\"grid\"/>");
            h.append("<text x=\"").append(num(x)).append("\" y=\"").append(bottom + 16).append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(pctShort(xMax * t / 4)).append("</text>");
        }
        for (int i = 0; i < bins.size(); i++) {
            Bin b = bins.get(i);
            int y = top + i * rowH;
            h.append("<text class=\"bin-label\" x=\"").append(left - 8).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(esc(shorten(b.label(), 22))).append("</text>");
            double wf = plotW * b.from() / xMax;
            double wt = plotW * b.to() / xMax;
            h.append("<rect class=\"bar from\" x=\"").append(left).append("\" y=\"").append(y + 3).append("\" width=\"").append(num(wf))
                    .append("\" height=\"7\" fill=\"").append(FROM).append("\">").append(tip(b)).append("</rect>");
            h.append("<rect class=\"bar to\" x=\"").append(left).append("\" y=\"").append(y + 10).append("\" width=\"").append(num(wt))
                    .append("\" height=\"7\" fill=\"").append(TO).append("\">").append(tip(b)).append("</rect>");
            h.append("<text class=\"value\" x=\"").append(num(left + Math.max(wf, wt) + 4)).append("\" y=\"").append(y + 14).append("\">")
                    .append(pctShort(b.from())).append(" → ").append(pctShort(b.to())).append("</text>");
        }
        h.append("</svg>\n");
    }

    private static void bar(StringBuilder h, String side, double x, double baseline, double w, double height, String color, Bin b) {
        h.append("<rect class=\"bar ").append(side).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(baseline - height))
                .append("\" width=\"").append(num(w)).append("\" height=\"").append(num(height)).append("\" fill=\"").append(color).append("\">")
                .append(tip(b)).append("</rect>");
    }

    private static String tip(Bin b) {
        return "<title>" + esc(b.label()) + ": from " + pct(b.from()) + ", to " + pct(b.to())
                + (b.psi() == null ? "" : ", PSI term " + String.format(Locale.ROOT, "%.4f", b.psi())) + "</title>";
    }

    private static void legend(StringBuilder h, int x, int y) {
        h.append("<g class=\"legend\"><rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"").append(FROM)
                .append("\"/><text x=\"").append(x + 14).append("\" y=\"").append(y).append("\">from</text>")
                .append("<rect x=\"").append(x + 60).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"").append(TO)
                .append("\"/><text x=\"").append(x + 74).append("\" y=\"").append(y).append("\">to</text></g>");
    }

    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        // ceilings whose quarters are round percentages (the grid has four steps)
        double[] steps = {0.01, 0.02, 0.04, 0.08, 0.1, 0.12, 0.16, 0.2, 0.24, 0.32, 0.4, 0.6, 0.8, 1.0};
        for (double s : steps) {
            if (max <= s) {
                return s;
            }
        }
        return 1;
    }

    private static String anchor(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String pctShort(double share) {
        String p = String.format(Locale.ROOT, "%.1f", share * 100);
        return (p.endsWith(".0") ? p.substring(0, p.length() - 2) : p) + "%";
    }

    private static String fmt(double v) {
        return FieldSummary.format("double", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The page's style sheet, a resource next to this class (drift.css), inlined into every page. */
    private static final String CSS = css();

    private static String css() {
        try (java.io.InputStream in = DriftHtml.class.getResourceAsStream("drift.css")) {
            if (in == null) {
                throw new IllegalStateException("Cannot render the drift report: resource drift.css is missing next to " + DriftHtml.class.getName());
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read drift.css: " + e.getMessage(), e);
        }
    }
}
