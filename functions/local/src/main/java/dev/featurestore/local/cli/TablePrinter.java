package dev.featurestore.local.cli;

import dev.featurestore.query.Values;
import dev.featurestore.types.Field;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as an aligned text table (numbers right-aligned), for people at a terminal. */
final class TablePrinter {
    private static final int MAX_WIDTH = 40;

    private final List<Field> columns;
    private final List<String[]> rows = new ArrayList<>();

    TablePrinter(List<Field> columns) {
        this.columns = List.copyOf(columns);
    }

    void add(List<Object> values) {
        String[] cells = new String[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            String text = Values.text(columns.get(i).type(), values.get(i));
            cells[i] = text == null ? "null" : text.length() > MAX_WIDTH ? text.substring(0, MAX_WIDTH - 1) + "…" : text;
        }
        rows.add(cells);
    }

    /** The rows added. */
    int size() {
        return rows.size();
    }

    /** Prints at most {@code max} rows and says so when there were more. */
    void print(PrintWriter out, int max) {
        int shown = Math.min(max, rows.size());
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).name().length();
            for (int r = 0; r < shown; r++) {
                width[i] = Math.max(width[i], rows.get(r)[i].length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            header.append(i == 0 ? "" : "  ").append(pad(columns.get(i).name(), width[i], numeric(i)));
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (int r = 0; r < shown; r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(rows.get(r)[i], width[i], numeric(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() > shown) {
            out.println("... (first " + shown + " rows; use --limit N, or --format csv|json|parquet for all)");
        } else {
            out.println("(" + shown + (shown == 1 ? " row)" : " rows)"));
        }
        out.flush();
    }

    private boolean numeric(int i) {
        return columns.get(i).type().kind().isNumeric();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
