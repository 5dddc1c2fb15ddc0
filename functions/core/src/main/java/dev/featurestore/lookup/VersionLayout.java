package dev.featurestore.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a lookup needs of a version's manifest: its fields, data files and which row groups hold each id
 * bucket. Read as a JSON tree (binding the whole manifest, statistics included, is slow on a cold start).
 *
 * @param bucketRowGroups per bucket, the (file, row group) pairs holding it; empty when the manifest has no
 *                        lookup index (every row group is then read)
 */
record VersionLayout(String group, String org, String version, Schema fields, List<DataFile> files, int buckets,
                     List<List<RowGroupRef>> bucketRowGroups) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A data file as the manifest recorded it: its size, and its ETag on S3. */
    record DataFile(String key, long bytes, Optional<String> etag) {
        String name() {
            return key.substring(key.lastIndexOf('/') + 1);
        }
    }

    /**
     * Byte ranges of one of the version's files, trusted only while the file is the one the manifest recorded
     * (its size; its ETag on S3): otherwise the {@link DataFileCheck} error naming the file (exit 3, HTTP 422).
     */
    List<byte[]> read(ObjectStore store, DataFile file, List<ObjectStore.Range> ranges) {
        DataFileCheck check = new DataFileCheck(group, org, version);
        return switch (store.getRanges(file.key(), ranges, new ObjectStore.Expected(file.bytes(), file.etag()))) {
            case ObjectStore.RangeRead.Read read -> read.bytes();
            case ObjectStore.RangeRead.Missing missing -> throw check.missing(file.name());
            case ObjectStore.RangeRead.Changed changed -> throw check.changed(file.name(), changed.how());
        };
    }

    record RowGroupRef(int file, int rowGroup) {
    }

    boolean indexed() {
        return buckets > 0;
    }

    /** The row groups that may hold {@code id}: its bucket's, or every one (null) without an index. */
    List<RowGroupRef> rowGroupsOf(String id) {
        return indexed() ? bucketRowGroups.get(BucketLayout.bucketOf(id, buckets)) : null;
    }

    static VersionLayout read(ObjectStore store, String group, String org, String version) {
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
            List<DataFile> files = new ArrayList<>();
            for (JsonNode f : m.path("files")) {
                String etag = f.path("etag").asText(null);
                files.add(new DataFile(f.path("key").asText(), f.path("bytes").asLong(), Optional.ofNullable(etag)));
            }
            JsonNode lookup = m.path("lookup");
            int buckets = 0;
            List<List<RowGroupRef>> byBucket = new ArrayList<>();
            if (lookup.isObject() && BucketLayout.HASH.equals(lookup.path("hash").asText())
                    && lookup.path("row_group_buckets").size() == files.size()) {
                buckets = lookup.path("buckets").asInt();
                for (int b = 0; b < buckets; b++) {
                    byBucket.add(new ArrayList<>(1));
                }
                JsonNode perFile = lookup.path("row_group_buckets");
                for (int f = 0; f < perFile.size(); f++) {
                    JsonNode groups = perFile.get(f);
                    for (int g = 0; g < groups.size(); g++) {
                        int bucket = groups.get(g).asInt();
                        if (bucket < 0 || bucket >= buckets) {
                            throw new StorageException("Cannot read " + key + ": lookup bucket " + bucket + " is outside 0.."
                                    + (buckets - 1));
                        }
                        byBucket.get(bucket).add(new RowGroupRef(f, g));
                    }
                }
            }
            return new VersionLayout(group, org, version, new Schema(fields), List.copyOf(files), buckets, byBucket);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + key + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
