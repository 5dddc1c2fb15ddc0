package dev.featurestore.local.trainingset;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.testing.MutableClock;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A lake with hand-made versions of group customer / org acme (fields f string, n bigint) published at chosen
 * instants: what training sets read, without running calculations.
 */
final class TrainingLake implements AutoCloseable {
    static final Schema SCHEMA = Schema.of(new Field("f", FieldType.STRING), new Field("n", FieldType.BIGINT));

    final LocalObjectStore store;
    final DuckDb db = DuckDb.open(2);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final VersionStore versions;

    TrainingLake(Path dir) {
        this.store = LocalObjectStore.create(dir);
        this.versions = new VersionStore(store, clock, Duration.ofHours(1));
    }

    /** Writes version {@code version} holding {@code rows} (id to [f, n]) with the given data-as-of (null: none). */
    void write(String version, Map<String, Object[]> rows, Instant dataAsOf) throws Exception {
        String key = Layout.dataFile("customer", "acme", version, "part-00000.parquet");
        Path file = store.path(key);
        Files.createDirectories(file.getParent());
        try (ParquetPartialWriter w = ParquetPartialWriter.create(file, SCHEMA)) {
            for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
        versions.writeManifest(new Manifest(Manifest.FORMAT_VERSION, "customer", "acme", version, "run-" + version,
                clock.instant().toString(), "hash", "test", Manifest.columnsOf(SCHEMA), rows.size(),
                List.of(new Manifest.DataFile(key, rows.size(), Files.size(file))), List.of(), Map.of(),
                JsonNodeFactory.instance.objectNode(), "sum", dataAsOf == null ? null : dataAsOf.toString(), null, null));
    }

    void publishAt(String version, Instant at) {
        clock.set(at);
        versions.publish("customer", "acme", version, "test");
    }

    @Override
    public void close() {
        db.close();
    }
}
