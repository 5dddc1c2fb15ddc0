package dev.featurestore.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.Params;
import dev.featurestore.local.LocalProcessOwner;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.merge.Merger;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults and races of the local lake (docs/faults.md): the disk filling up at each write of a run, a publish
 * racing a rollback, retention and a publish during a long read. After each: the current version intact and
 * readable, the lock released, the run recorded with its cause.
 */
class LocalLakeFaultTest {
    private static final Schema AGE = Schema.of(new Field("age", FieldType.BIGINT));
    private static final Schema ORDERS = Schema.of(new Field("orders", FieldType.BIGINT));

    @TempDir
    Path lake;
    @TempDir
    Path work;

    private LocalObjectStore store;
    private VersionStore versions;
    private final ResolvedGroup group = new ResolvedGroup("customer", "acme",
            new Schema(List.of(new Field("age", FieldType.BIGINT), new Field("orders", FieldType.BIGINT))),
            List.of(new FunctionSpec.Java("profile", "x.Profile", Optional.of(List.of("age"))),
                    new FunctionSpec.Java("orders", "x.Orders", Optional.of(List.of("orders")))),
            Params.empty(), DriftSettings.DEFAULT);
    private String first;

    @BeforeEach
    void publishAFirstVersion() {
        store = LocalObjectStore.create(lake);
        versions = new VersionStore(store, Clock.systemUTC(), VersionStore.DEFAULT_LOCK_TTL, LocalProcessOwner.current());
        first = calculation(store, 10).run(group, partials(store, 3)).version();
    }

    private Calculation calculation(ObjectStore on, int keep) {
        return calculation(on, keep, VersionIds.systemDefault());
    }

    private Calculation calculation(ObjectStore on, int keep, VersionIds ids) {
        return Calculation.builder(on, new JsonCatalog(store), Merger::merge)
                .versions(new VersionStore(on, Clock.systemUTC(), VersionStore.DEFAULT_LOCK_TTL, LocalProcessOwner.current()))
                .ids(ids).workDir(work).threads(2).retainVersions(keep).build();
    }

    /** Writes each function's partial (rows c0..c{n-1}) through {@code on}, as the local function runner does. */
    private FunctionRunner partials(ObjectStore on, int rows) {
        return task -> {
            Schema fields = task.function().name().equals("profile") ? AGE : ORDERS;
            Path file = work.resolve(task.runId() + "-" + task.function().name() + ".parquet");
            try (ParquetPartialWriter writer = ParquetPartialWriter.create(file, fields)) {
                for (int i = 0; i < rows; i++) {
                    writer.write("c" + i, (long) i);
                }
            }
            on.putFile(task.partialKey(), file);
            return new FunctionOutcome(task.function().name(), rows, 1, List.of(), List.of());
        };
    }

    @ParameterizedTest(name = "disk full writing {0}")
    @ValueSource(strings = {"a partial", "a data file", "the manifest", "the published pointer"})
    void diskFull_atEveryWriteOfARun_leavesTheCurrentVersion_releasesTheLock_andRecordsTheCause(String what) {
        Predicate<String> keys = switch (what) {
            case "a partial" -> k -> k.startsWith("staging/");
            case "a data file" -> k -> k.contains("/part-");
            case "the manifest" -> k -> k.endsWith(Layout.MANIFEST);
            default -> k -> k.endsWith("/_current");
        };
        DiskFull full = new DiskFull(store, keys);

        assertThatThrownBy(() -> calculation(full, 10).run(group, partials(full, 5)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("No space left on device");

        assertThat(versions.current("customer", "acme")).contains(first);
        assertReadable(first, 3);
        assertThat(versions.lockHolder("customer", "acme")).as("lock released").isEmpty();
        RunRecord failed = versions.runs("customer", "acme").stream().filter(r -> r.status() == RunRecord.Status.FAILED).findFirst().orElseThrow();
        assertThat(failed.toString()).contains("No space left on device");
        assertThat(store.list(Layout.version("customer", "acme", failed.runId()))).as("unpublished files").isEmpty();
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void publishRacingARollback_leavesOneOfThemCurrent_readable_andBothInTheHistory() throws Exception {
        String second = calculation(store, 10).run(group, partials(store, 4)).version();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> publish = pool.submit(() -> {
                    go.await();
                    versions.publish("customer", "acme", second, "run (race " + "test)");
                    return null;
                });
                Future<?> rollback = pool.submit(() -> {
                    go.await();
                    versions.publish("customer", "acme", first, "rollback");
                    return null;
                });
                go.countDown();
                publish.get(30, TimeUnit.SECONDS);
                rollback.get(30, TimeUnit.SECONDS);

                String current = versions.requireCurrent("customer", "acme");
                assertThat(current).isIn(first, second);
                assertReadable(current, current.equals(first) ? 3 : 4);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(Layout.historyPrefix("customer", "acme"))).hasSizeGreaterThanOrEqualTo(2);
    }

    /** A get resolves the pointer once, then reads: a publish meanwhile does not change what it reads. */
    @Test
    void publishDuringALongRead_theReaderFinishesTheVersionItResolved() {
        String resolved = versions.requireCurrent("customer", "acme");
        Manifest manifest = versions.manifest("customer", "acme", resolved);

        String newer = calculation(store, 10).run(group, partials(store, 4)).version();

        assertThat(versions.current("customer", "acme")).contains(newer);
        assertThat(rowsOf(manifest)).isEqualTo(3);
    }

    /** Retention right after a publish keeps the version readers may still be reading (RETENTION_GRACE). */
    @Test
    void retentionDuringALongRead_keepsTheVersionTheReaderResolved() {
        String resolved = versions.requireCurrent("customer", "acme");
        Manifest manifest = versions.manifest("customer", "acme", resolved);

        // a later version id (ids sort by time; two in the same second would sort by their random suffix)
        VersionIds later = VersionIds.seeded(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)), 7);
        calculation(store, 1, later).run(group, partials(store, 4)); // publishes, then retention keeps 1

        assertThat(versions.versions("customer", "acme")).extracting(v -> v.version()).contains(resolved);
        assertThat(rowsOf(manifest)).isEqualTo(3);
        List<String> deletedLater = new VersionStore(store, Clock.offset(Clock.systemUTC(), VersionStore.RETENTION_GRACE.plus(Duration.ofMinutes(1))),
                VersionStore.DEFAULT_LOCK_TTL).applyRetention("customer", "acme", 1, new JsonCatalog(store));
        assertThat(deletedLater).as("after the grace, retention deletes it").containsExactly(resolved);
    }

    private void assertReadable(String version, long expectedRows) {
        Manifest manifest = versions.manifest("customer", "acme", version);
        assertThat(manifest.rowCount()).isEqualTo(expectedRows);
        assertThat(rowsOf(manifest)).isEqualTo(expectedRows);
    }

    private long rowsOf(Manifest manifest) {
        long rows = 0;
        for (Manifest.DataFile file : manifest.files()) {
            Path local = store.localFile(file.key()).orElseThrow();
            try {
                assertThat(Files.size(local)).isEqualTo(file.bytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            try (ParquetFile parquet = ParquetFile.open(local, file.key())) {
                rows += parquet.rows();
            }
        }
        return rows;
    }

    /** The lake's store on a disk that is full for the matching keys: writes fail as the file system fails them. */
    static final class DiskFull implements ObjectStore {
        private final LocalObjectStore delegate;
        private final Predicate<String> full;

        DiskFull(LocalObjectStore delegate, Predicate<String> full) {
            this.delegate = delegate;
            this.full = full;
        }

        private void check(String key) {
            if (full.test(key)) {
                IOException enospc = new IOException("No space left on device");
                throw new StorageException("Cannot write '" + key + "' in " + delegate.root() + ": " + enospc.getMessage(), enospc);
            }
        }

        @Override public Optional<byte[]> get(String key) { return delegate.get(key); }
        @Override public Optional<InputStream> open(String key) { return delegate.open(key); }
        @Override public void download(String key, Path target) { delegate.download(key, target); }
        @Override public void put(String key, byte[] bytes) { check(key); delegate.put(key, bytes); }
        @Override public void putFile(String key, Path source) { check(key); delegate.putFile(key, source); }
        @Override public boolean putIfAbsent(String key, byte[] bytes) { check(key); return delegate.putIfAbsent(key, bytes); }
        @Override public Optional<Tagged> getTagged(String key) { return delegate.getTagged(key); }
        @Override public boolean replaceIfMatch(String key, byte[] bytes, String etag) { check(key); return delegate.replaceIfMatch(key, bytes, etag); }
        @Override public boolean deleteIfMatch(String key, String etag) { return delegate.deleteIfMatch(key, etag); }
        @Override public List<String> list(String prefix) { return delegate.list(prefix); }
        @Override public boolean exists(String key) { return delegate.exists(key); }
        @Override public void delete(String key) { delegate.delete(key); }
        @Override public Optional<Path> localFile(String key) { return delegate.localFile(key); }
        @Override public String uri(String key) { return delegate.uri(key); }
    }
}
