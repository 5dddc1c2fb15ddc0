package dev.featurestore.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Renders a {@link DriftReport} as a plain-text table for the terminal (no colours: pipes stay clean). */
public final class DriftTable {
    private DriftTable() {
    }

    public static String render(DriftReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Drift of ").append(report.group()).append(" (org ").append(report.org()).append("): ")
                .append(report.from().version()).append(" (").append(rows(report.from().rows())).append(") → ")
                .append(report.to().version()).append(" (").append(rows(report.to().rows())).append(")\n");
        if (report.identicalData()) {
            out.append("Identical data: the content checksums are equal (same rows, same values); nothing drifted.\n")
                    .append("Non-zero PSI below comes from the statistics sketches' estimates, not from the data.\n");
        }
        out.append(String.format(Locale.ROOT, "Flagged when psi > %.3g or the null rate moves by more than %.1f pp%n%n",
                report.thresholds().psi(), report.thresholds().nullRate() * 100));
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"field", "type", "change", "psi", "nulls from", "nulls to", "flag", "reasons"});
        for (FieldDrift f : report.fields()) {
            lines.add(new String[] {
                f.field(),
                f.change() == FieldChange.TYPE_CHANGED ? f.fromType() + "→" + f.toType() : f.type(),
                f.change() == FieldChange.UNCHANGED ? "" : f.change().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                f.psi() == null ? "-" : String.format(Locale.ROOT, "%.3f", f.psi()),
                f.change() == FieldChange.ADDED ? "-" : percent(f.fromNullRate()),
                f.change() == FieldChange.REMOVED ? "-" : percent(f.toNullRate()),
                f.flagged() ? "!" : "",
                String.join("; ", f.reasons())});
        }
        print(out, lines, Set.of(3, 4, 5));
        out.append('\n');
        summaries(out, report);
        out.append('\n');
        if (report.identicalData()) {
            out.append("Identical data (").append(report.fields().size()).append(" fields compared)\n");
        } else if (report.flagged().isEmpty()) {
            out.append("No field flagged (").append(report.fields().size()).append(" compared)\n");
        } else {
            out.append(report.flagged().size()).append(" of ").append(report.fields().size())
                    .append(" fields flagged: ").append(String.join(", ", report.flagged())).append('\n');
        }
        if (report.configChanges() == null) {
            return out.toString();
        }
        if (report.configChanges().isEmpty()) {
            out.append("Config: unchanged between the two versions\n");
        } else {
            out.append("Config changes between the two versions:\n");
            for (ConfigChange c : report.configChanges()) {
                out.append("  ").append(c).append('\n');
            }
        }
        return out.toString();
    }

    /** Per field: nulls, distinct, min, max and mean in each version ("from → to"). */
    private static void summaries(StringBuilder out, DriftReport report) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"field", "nulls", "distinct", "min", "max", "mean"});
        for (FieldDrift f : report.fields()) {
            FieldSummary a = f.fromSummary();
            FieldSummary b = f.toSummary();
            String type = f.type();
            lines.add(new String[] {
                f.field(),
                pair(a == null ? null : String.format(Locale.ROOT, "%,d", a.nulls()), b == null ? null : String.format(Locale.ROOT, "%,d", b.nulls())),
                pair(a == null || a.distinct() == null ? null : String.format(Locale.ROOT, "%,d", a.distinct()),
                        b == null || b.distinct() == null ? null : String.format(Locale.ROOT, "%,d", b.distinct())),
                pair(a == null ? null : FieldSummary.format(type, a.min()), b == null ? null : FieldSummary.format(type, b.min())),
                pair(a == null ? null : FieldSummary.format(type, a.max()), b == null ? null : FieldSummary.format(type, b.max())),
                pair(a == null ? null : mean(type, a.mean()), b == null ? null : mean(type, b.mean()))});
        }
        print(out, lines, Set.of());
    }

    private static String mean(String type, Double mean) {
        return mean == null ? "-" : "boolean".equals(type) ? String.format(Locale.ROOT, "%.1f%% true", mean * 100) : FieldSummary.format(type, mean);
    }

    private static String pair(String from, String to) {
        String a = from == null ? "-" : from;
        String b = to == null ? "-" : to;
        return a.equals(b) ? a : a + " → " + b;
    }

    /** Aligned columns, two spaces apart; the columns in {@code right} right-aligned. */
    private static void print(StringBuilder out, List<String[]> lines, Set<Integer> right) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                String cell = line[i];
                String pad = " ".repeat(widths[i] - cell.length());
                row.append(right.contains(i) ? pad + cell : cell + pad).append(i < line.length - 1 ? "  " : "");
            }
            out.append(row.toString().stripTrailing()).append('\n');
        }
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d rows", rows);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
