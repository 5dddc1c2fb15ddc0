package dev.featurestore.trainingset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.query.Selection;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Point-in-time correct training sets (docs/versions.md): plans which version each event time reads from the
 * publish history and the versions' data-as-of times ({@link ValidityTimeline}); an engine then joins the
 * entity rows. Features and exclude resolve against the fields of the newest version in the timeline.
 */
public final class TrainingSets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final VersionStore versions;

    public TrainingSets(ObjectStore store, VersionStore versions) {
        this.store = store;
        this.versions = versions;
    }

    public TrainingSetPlan plan(String group, String org, List<String> features, List<String> exclude) {
        List<VersionStore.Publish> history = versions.history(group, org);
        if (history.isEmpty()) {
            throw new NotFoundException("Cannot build a training set of group '" + group + "' for org '" + org
                    + "': no version was ever published (run: featurestore calculate " + group + " --org " + org + ")");
        }
        Map<String, Instant> dataAsOf = new HashMap<>();
        Map<String, Schema> fields = new HashMap<>();
        Map<String, List<String>> files = new HashMap<>();
        for (VersionStore.Publish p : history) {
            if (!fields.containsKey(p.version()) && !files.containsKey(p.version() + "#gone")) {
                Optional<byte[]> manifest = store.get(Layout.manifest(group, org, p.version()));
                if (manifest.isEmpty()) {
                    files.put(p.version() + "#gone", List.of());
                    continue;
                }
                readManifest(Layout.manifest(group, org, p.version()), manifest.get(), p.version(), dataAsOf, fields, files);
            }
        }
        for (VersionStore.Publish p : history) { // oldest first: a version without data_as_of is as of its first publish
            dataAsOf.putIfAbsent(p.version(), p.publishedAt());
        }
        List<Validity> timeline = ValidityTimeline.of(history, dataAsOf);
        String newest = null;
        for (int i = timeline.size() - 1; i >= 0 && newest == null; i--) {
            if (fields.containsKey(timeline.get(i).version())) {
                newest = timeline.get(i).version();
            }
        }
        if (newest == null) {
            throw new NotFoundException("Cannot build a training set of group '" + group + "' for org '" + org
                    + "': the versions of its history were all deleted by retention (pin versions to keep them)");
        }
        Selection selection = Selection.resolve(fields.get(newest), features, exclude);
        Map<String, TrainingSetPlan.VersionData> data = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        for (Validity v : timeline) {
            Schema s = fields.get(v.version());
            if (s == null) {
                gone.add(v.version());
            } else {
                data.put(v.version(), new TrainingSetPlan.VersionData(files.get(v.version()),
                        s.fields().stream().map(Field::name).toList()));
            }
        }
        List<String> warnings = gone.isEmpty() ? List.of() : List.of("versions " + String.join(", ", gone)
                + " were deleted by retention: event times they cover get null features (pin versions to keep them)");
        return new TrainingSetPlan(group, org, selection.fields().fields(), timeline, data, warnings);
    }

    private static void readManifest(String key, byte[] bytes, String version, Map<String, Instant> dataAsOf,
                                     Map<String, Schema> fields, Map<String, List<String>> files) {
        try {
            JsonNode m = JSON.readTree(bytes);
            List<Field> list = new ArrayList<>();
            for (JsonNode c : m.path("schema")) {
                String name = c.path("name").asText();
                if (!name.equals(Schema.ID)) {
                    String type = c.path("type").asText();
                    list.add(new Field(name, FieldType.parse(type).orElseThrow(() -> new StorageException(
                            "Cannot read " + key + ": unknown type '" + type + "' of column '" + name + "'"))));
                }
            }
            fields.put(version, new Schema(list));
            List<String> keys = new ArrayList<>();
            for (JsonNode f : m.path("files")) {
                keys.add(f.path("key").asText());
            }
            files.put(version, keys);
            String asOf = m.path("data_as_of").asText(null);
            if (asOf != null) {
                dataAsOf.put(version, Instant.parse(asOf));
            }
        } catch (IOException | DateTimeParseException e) {
            throw new StorageException("Cannot read " + key + ": " + e.getMessage(), e);
        }
    }
}
