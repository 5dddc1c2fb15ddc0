package dev.featurestore.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link DriftReport} as a plain-text table for the terminal (no colours: pipes stay clean). */
public final class DriftTable {
    private DriftTable() {
    }

    public static String render(DriftReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Drift of ").append(report.group()).append(" (org ").append(report.org()).append("): ")
                .append(report.from().version()).append(" (").append(rows(report.from().rows())).append(") → ")
                .append(report.to().version()).append(" (").append(rows(report.to().rows())).append(")\n");
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
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean right = i == 3 || i == 4 || i == 5;
                String cell = line[i];
                String pad = " ".repeat(widths[i] - cell.length());
                row.append(right ? pad + cell : cell + pad).append(i < line.length - 1 ? "  " : "");
            }
            out.append(row.toString().stripTrailing()).append('\n');
        }
        out.append('\n');
        if (report.flagged().isEmpty()) {
            out.append("No field flagged (").append(report.fields().size()).append(" compared)\n");
        } else {
            out.append(report.flagged().size()).append(" of ").append(report.fields().size())
                    .append(" fields flagged: ").append(String.join(", ", report.flagged())).append('\n');
        }
        return out.toString();
    }

    private static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d rows", rows);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
