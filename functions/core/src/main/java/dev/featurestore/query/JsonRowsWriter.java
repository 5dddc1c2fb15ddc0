package dev.featurestore.query;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.featurestore.types.Field;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Streams the JSON answer of get-features (docs/query.md), one row at a time:
 *
 * <pre>
 * {"group": "customer", "org": "acme", "version": "20261124T031500Z-3f9a",
 *  "columns": [{"name": "id", "type": "string"}, {"name": "age", "type": "bigint"}, ...],
 *  "warnings": ["features pattern \"return*\" matches no field"],
 *  "rows": [{"id": "c1", "age": 31, ...}, ...],
 *  "row_count": 2}
 * </pre>
 *
 * Values: null as {@code null}; strings; booleans; int/bigint as JSON integers; float/double as JSON numbers
 * (NaN and infinities, which JSON cannot hold, as {@code null}); decimals as exact JSON numbers ({@code 12.30});
 * dates {@code "2024-01-31"}; timestamps ISO-8601 UTC strings {@code "2024-01-31T10:00:00Z"}.
 */
public final class JsonRowsWriter implements Closeable {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonGenerator out;
    private final List<Field> columns;
    private long rows;

    private JsonRowsWriter(JsonGenerator out, List<Field> columns) {
        this.out = out;
        this.columns = List.copyOf(columns);
    }

    /** {@link #open(OutputStream, String, String, String, List, List)} without warnings. */
    public static JsonRowsWriter open(OutputStream stream, String group, String org, String version,
                                      List<Field> columns) {
        return open(stream, group, org, version, columns, List.of());
    }

    /**
     * Writes the header members and opens {@code rows}; {@link #close()} writes {@code row_count}. A writer that
     * is not closed (the rows failed) leaves the document unterminated, so it cannot pass for a complete answer.
     */
    public static JsonRowsWriter open(OutputStream stream, String group, String org, String version,
                                      List<Field> columns, List<String> warnings) {
        try {
            JsonGenerator g = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("group", group);
            g.writeStringField("org", org);
            g.writeStringField("version", version);
            g.writeArrayFieldStart("columns");
            for (Field f : columns) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeStringField("type", f.type().sqlName());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("warnings");
            for (String w : warnings) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            return new JsonRowsWriter(g, columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row, values in column order, as engines return them (normalized by {@link Values#normalize}). */
    public void row(List<?> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("Cannot write a row of " + values.size() + " values for "
                    + columns.size() + " columns");
        }
        try {
            out.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                Field f = columns.get(i);
                out.writeFieldName(f.name());
                writeValue(Values.normalize(f.type(), values.get(i)));
            }
            out.writeEndObject();
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rowCount() {
        return rows;
    }

    private void writeValue(Object v) throws IOException {
        switch (v) {
            case null -> out.writeNull();
            case String s -> out.writeString(s);
            case Boolean b -> out.writeBoolean(b);
            case Integer i -> out.writeNumber(i);
            case Long l -> out.writeNumber(l);
            case Float f -> {
                if (f.isNaN() || f.isInfinite()) {
                    out.writeNull();
                } else {
                    out.writeNumber(f);
                }
            }
            case Double d -> {
                if (d.isNaN() || d.isInfinite()) {
                    out.writeNull();
                } else {
                    out.writeNumber(d);
                }
            }
            case BigDecimal d -> out.writeNumber(d.toPlainString());
            case Instant t -> out.writeString(Values.timestampText(t));
            default -> out.writeString(v.toString());
        }
    }

    /** Closes {@code rows}, writes {@code row_count}, flushes; the underlying stream stays open. */
    @Override
    public void close() {
        try {
            out.writeEndArray();
            out.writeNumberField("row_count", rows);
            out.writeEndObject();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
