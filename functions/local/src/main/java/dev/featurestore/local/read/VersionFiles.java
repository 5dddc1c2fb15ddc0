package dev.featurestore.local.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What a read needs of a version's manifest: its columns and data files. Read as a JSON tree rather than
 * bound to core's {@code Manifest} record: binding the whole manifest (statistics included) costs ~1 s of a
 * cold CLI start on this machine, most of a small {@code get}'s time (see docs/local.md, figures).
 */
record VersionFiles(Schema fields, List<Manifest.DataFile> files, FileTime written) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code written}: the manifest file's modification time (its data files were written before it). */
    static VersionFiles read(LocalObjectStore store, String group, String org, String version) {
        String key = Layout.manifest(group, org, version);
        byte[] bytes = store.get(key).orElseThrow(() -> new NotFoundException("Cannot find version '" + version
                + "' of group '" + group + "' for org '" + org + "' (list them with: featurestore versions " + group
                + " --org " + org + ")"));
        try {
            JsonNode m = JSON.readTree(bytes);
            List<Field> fields = new ArrayList<>();
            for (JsonNode c : m.path("schema")) {
                String name = c.path("name").asText();
                if (!name.equals(Schema.ID)) {
                    String type = c.path("type").asText();
                    fields.add(new Field(name, FieldType.parse(type).orElseThrow(() -> new StorageException(
                            "Cannot read " + key + ": unknown type '" + type + "' of column '" + name + "'"))));
                }
            }
            List<Manifest.DataFile> files = new ArrayList<>();
            for (JsonNode f : m.path("files")) {
                files.add(new Manifest.DataFile(f.path("key").asText(), f.path("rows").asLong(), f.path("bytes").asLong(),
                        text(f, "crc32c"), text(f, "etag")));
            }
            return new VersionFiles(new Schema(fields), files, Files.getLastModifiedTime(store.path(key)));
        } catch (IOException e) {
            throw new StorageException("Cannot read " + key + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static java.util.Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? java.util.Optional.empty() : java.util.Optional.of(v.asText());
    }
}
