package dev.featurestore.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.error.UsageException;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.query.FilterText;
import dev.featurestore.trainingset.TrainingSetJoin.EntityRow;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code entities} of a training-set request, checked row by row, each error naming the row and field. */
final class EntityRows {
    private EntityRows() {
    }

    /** The rows, in order; {@code extraColumns} receives the other keys in the order first seen. */
    static List<EntityRow> parse(JsonNode entities, List<String> extraColumns) {
        if (entities.size() > LookupRequest.MAX_IDS) {
            throw new UsageException("Cannot build a training set of " + entities.size() + " entity rows inline: at most "
                    + LookupRequest.MAX_IDS + " per request (use the CLI with a Parquet file: featurestore training-set GROUP"
                    + " --entities rows.parquet --out set.parquet)");
        }
        List<EntityRow> rows = new ArrayList<>(entities.size());
        for (int i = 0; i < entities.size(); i++) {
            JsonNode row = entities.get(i);
            String where = "\"entities\"[" + i + "]";
            if (!row.isObject()) {
                throw new UsageException("Cannot read request: " + where + " is not an object (each entity row is"
                        + " {\"id\": \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\", ...})");
            }
            JsonNode id = row.get("id");
            if (id == null || !id.isTextual()) {
                throw new UsageException("Cannot read request: " + where + ".id is " + (id == null ? "missing" : FilterText.echo(id.toString()))
                        + " (ids are strings: write \"42\", not 42)");
            }
            JsonNode time = row.get("event_time");
            if (time == null || !time.isTextual()) {
                throw new UsageException("Cannot read request: " + where + ".event_time is "
                        + (time == null ? "missing" : FilterText.echo(time.toString()))
                        + " (write an ISO-8601 instant with Z or an offset, e.g. \"2026-11-24T00:00:00Z\")");
            }
            String instant;
            try {
                instant = OffsetDateTime.parse(time.asText()).toInstant().toString();
            } catch (DateTimeParseException e) {
                boolean unzoned = !time.asText().matches(".*([Zz]|[+-]\\d{2}:\\d{2})$") && parsesWithoutZone(time.asText());
                throw new UsageException("Cannot read request: " + where + ".event_time \"" + FilterText.echo(time.asText())
                        + "\" " + (unzoned ? "has no zone" : "is not an ISO-8601 timestamp")
                        + " (write an ISO-8601 instant with Z or an offset, e.g. \"2026-11-24T00:00:00Z\")");
            }
            Map<String, Object> extras = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.equals("id") || key.equals("event_time")) {
                    continue;
                }
                JsonNode v = e.getValue();
                if (!v.isValueNode()) {
                    throw new UsageException("Cannot read request: " + where + "." + FilterText.echo(key)
                            + " is a list or object (extra columns hold strings, numbers, booleans or null)");
                }
                if (!extraColumns.contains(key)) {
                    extraColumns.add(key);
                }
                extras.put(key, v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.asBoolean() : v.asText());
            }
            rows.add(new EntityRow(id.asText(), instant, extras));
        }
        return rows;
    }

    private static boolean parsesWithoutZone(String text) {
        try {
            java.time.LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
