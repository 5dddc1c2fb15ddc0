package dev.featurestore.lookup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Partial;
import dev.featurestore.merge.TestMerges;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes real versions for lookup and training-set tests: a partial, the merge, the upload and the manifest. */
public final class TestVersions {
    private TestVersions() {
    }

    /**
     * Merges {@code rows} (id to values in schema order) into a version with {@code buckets} buckets; not published.
     * The manifest records the files' ETags where the store has them, as a run does.
     */
    public static Manifest write(ObjectStore store, VersionStore versions, Path tmp, String group, String org, String version,
                          Schema schema, Map<String, Object[]> rows, int buckets, String dataAsOf, boolean index) throws IOException {
        Path dir = tmp.resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir);
        Path partial = dir.resolve("p.parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(partial, schema, 1000)) {
            for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
        MergeResult merged = TestMerges.merge(new MergeRequest(schema, List.of(new Partial("p", partial)), dir.resolve("out"),
                dir.resolve("spill"), 2, ColumnObserver.Factory.NONE), buckets);
        List<Manifest.DataFile> files = new ArrayList<>();
        List<List<Integer>> rowGroupBuckets = new ArrayList<>();
        List<Path> outputs = merged.files().stream().sorted(Comparator.comparing(Path::toString)).toList();
        for (int i = 0; i < outputs.size(); i++) {
            Path file = outputs.get(i);
            String key = Layout.dataFile(group, org, version, String.format("part-%05d.parquet", i));
            store.putFile(key, file);
            files.add(new Manifest.DataFile(key, -1, Files.size(file)));
            rowGroupBuckets.add(merged.layout().orElseThrow().rowGroupBuckets().get(file.getFileName().toString()));
        }
        Map<String, ObjectStore.Listed> listed = new java.util.HashMap<>();
        store.listWithSizes(Layout.version(group, org, version)).forEach(l -> listed.put(l.key(), l));
        files.replaceAll(f -> new Manifest.DataFile(f.key(), f.rows(), f.bytes(), f.crc32c(), listed.get(f.key()).etag()));
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, group, org, version, "run-" + version, "2026-11-24T00:00:00Z",
                "hash", "test", Manifest.columnsOf(schema), merged.rows(), files, List.of(), Map.of(),
                JsonNodeFactory.instance.objectNode(), "checksum", dataAsOf,
                index ? new Manifest.LookupIndex(BucketLayout.HASH, buckets, rowGroupBuckets) : null, null);
        versions.writeManifest(m);
        return m;
    }
}
