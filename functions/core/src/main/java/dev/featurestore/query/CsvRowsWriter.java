package dev.featurestore.query;

import dev.featurestore.types.Field;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streams get-features rows as CSV (RFC 4180, UTF-8, {@code \n} line ends): a header of column names, then one
 * line per row with the text form of {@link Values#text}. A null is an empty field; an empty string is
 * {@code ""}, so the two stay distinguishable. Fields with a comma, quote, line break or edge blank are quoted.
 */
public final class CsvRowsWriter implements Closeable {
    private final Writer out;
    private final List<Field> columns;
    private long rows;

    private CsvRowsWriter(Writer out, List<Field> columns) {
        this.out = out;
        this.columns = List.copyOf(columns);
    }

    public static CsvRowsWriter open(OutputStream stream, List<Field> columns) {
        CsvRowsWriter w = new CsvRowsWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), columns);
        try {
            for (int i = 0; i < columns.size(); i++) {
                w.out.write(i == 0 ? "" : ",");
                w.out.write(quote(columns.get(i).name(), true));
            }
            w.out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w;
    }

    public void row(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("Cannot write a row of " + values.size() + " values for "
                    + columns.size() + " columns");
        }
        try {
            for (int i = 0; i < columns.size(); i++) {
                String text = Values.text(columns.get(i).type(), values.get(i));
                out.write(i == 0 ? "" : ",");
                if (text != null) {
                    out.write(quote(text, false));
                }
            }
            out.write('\n');
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rowCount() {
        return rows;
    }

    static String quote(String s, boolean header) {
        boolean needs = s.isEmpty() && !header || !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ');
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Flushes; the underlying stream stays open. */
    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
