package dev.featurestore.local.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {
    @TempDir
    Path root;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_thenGet_returnsTheBytes_andReplaces() {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("a/b/c.json", bytes("1"));
        store.put("a/b/c.json", bytes("2"));

        assertThat(store.get("a/b/c.json")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("2"));
        assertThat(store.get("a/b/missing")).isEmpty();
        assertThat(store.open("a/b/missing")).isEmpty();
    }

    @Test
    void getRanges_readsEachRangeInTheOrderAsked_joiningNeighbours() {
        LocalObjectStore store = LocalObjectStore.create(root);
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        store.put("v/part.parquet", data);
        List<dev.featurestore.storage.ObjectStore.Range> ranges = List.of(new dev.featurestore.storage.ObjectStore.Range(90_000, 10),
                new dev.featurestore.storage.ObjectStore.Range(5, 20), new dev.featurestore.storage.ObjectStore.Range(10, 3),
                new dev.featurestore.storage.ObjectStore.Range(25, 0), new dev.featurestore.storage.ObjectStore.Range(99_990, 10));

        var read = store.getRanges("v/part.parquet", ranges, new dev.featurestore.storage.ObjectStore.Expected(data.length,
                java.util.Optional.empty()));

        assertThat(read).isInstanceOf(dev.featurestore.storage.ObjectStore.RangeRead.Read.class);
        List<byte[]> bytes = ((dev.featurestore.storage.ObjectStore.RangeRead.Read) read).bytes();
        for (int i = 0; i < ranges.size(); i++) {
            int from = (int) ranges.get(i).offset();
            assertThat(bytes.get(i)).isEqualTo(java.util.Arrays.copyOfRange(data, from, from + ranges.get(i).length()));
        }
    }

    @Test
    void getRanges_refusesAFileOfAnotherSize_orARangeOutsideIt_andSaysMissing() {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("v/part.parquet", new byte[100]);
        var none = java.util.Optional.<String>empty();

        assertThat(store.getRanges("v/part.parquet", List.of(new dev.featurestore.storage.ObjectStore.Range(0, 10)),
                new dev.featurestore.storage.ObjectStore.Expected(101, none)))
                .isEqualTo(new dev.featurestore.storage.ObjectStore.RangeRead.Changed("it has 100 bytes, the manifest recorded 101"));
        assertThat(store.getRanges("v/part.parquet", List.of(new dev.featurestore.storage.ObjectStore.Range(95, 10)),
                new dev.featurestore.storage.ObjectStore.Expected(100, none)))
                .isEqualTo(new dev.featurestore.storage.ObjectStore.RangeRead.Changed("a read of 10 bytes at 95 is outside its 100 bytes"));
        assertThat(store.getRanges("v/gone.parquet", List.of(new dev.featurestore.storage.ObjectStore.Range(0, 10)),
                new dev.featurestore.storage.ObjectStore.Expected(100, none)))
                .isInstanceOf(dev.featurestore.storage.ObjectStore.RangeRead.Missing.class);
    }

    @Test
    void put_leavesNoTempFilesBehind() throws Exception {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("k/x", bytes("x"));

        try (var files = Files.list(root.resolve("k"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x");
        }
    }

    @Test
    void putIfAbsent_writesOnce_thenReportsTheExistingKey() {
        LocalObjectStore store = LocalObjectStore.create(root);

        assertThat(store.putIfAbsent("lock", bytes("first"))).isTrue();
        assertThat(store.putIfAbsent("lock", bytes("second"))).isFalse();
        assertThat(new String(store.get("lock").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void putIfAbsent_concurrently_exactlyOneWins() throws Exception {
        LocalObjectStore store = LocalObjectStore.create(root);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String v = "writer-" + i;
                results.add(pool.submit(() -> store.putIfAbsent("race", bytes(v))));
            }
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void list_returnsKeysUnderThePrefixSortedRecursively_withoutTempFiles() throws Exception {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("features/g/org=b/x", bytes("1"));
        store.put("features/g/org=a/version=2/y", bytes("1"));
        store.put("features/g/org=a/version=1/z", bytes("1"));
        store.put("features/h/w", bytes("1"));
        Files.writeString(root.resolve("features/g/.tmp-half-written"), "x");

        assertThat(store.list("features/g/")).containsExactly("features/g/org=a/version=1/z", "features/g/org=a/version=2/y", "features/g/org=b/x");
        assertThat(store.list("features/g/org=a")).containsExactly("features/g/org=a/version=1/z", "features/g/org=a/version=2/y");
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void delete_removesTheKeyAndEmptyParents_andIgnoresMissingKeys() {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("staging/g/run=1/f.parquet", bytes("1"));

        store.delete("staging/g/run=1/f.parquet");
        store.delete("staging/g/run=1/f.parquet");

        assertThat(store.exists("staging/g/run=1/f.parquet")).isFalse();
        assertThat(root.resolve("staging")).doesNotExist();
    }

    @Test
    void deletePrefix_removesEverythingUnderIt() {
        LocalObjectStore store = LocalObjectStore.create(root);
        store.put("s/r/a", bytes("1"));
        store.put("s/r/b/c", bytes("1"));
        store.put("s/q", bytes("1"));

        store.deletePrefix("s/r/");

        assertThat(store.list("s/")).containsExactly("s/q");
    }

    @Test
    void putFile_anddownload_copyTheFile() throws Exception {
        LocalObjectStore store = LocalObjectStore.create(root.resolve("lake"));
        Path source = Files.writeString(root.resolve("in.bin"), "payload");

        store.putFile("v/part-0.parquet", source);
        store.download("v/part-0.parquet", root.resolve("out/copy.bin"));

        assertThat(root.resolve("out/copy.bin")).hasContent("payload");
        assertThat(store.localFile("v/part-0.parquet")).hasValue(root.resolve("lake/v/part-0.parquet").toAbsolutePath());
        assertThat(store.uri("v/part-0.parquet")).startsWith("file:///").endsWith("/lake/v/part-0.parquet");
    }

    @Test
    void keysLeavingTheLake_areRejected() {
        LocalObjectStore store = LocalObjectStore.create(root);

        assertThatThrownBy(() -> store.put("../escape", bytes("x")))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot use key '../escape': it points outside the lake directory " + root.toAbsolutePath().normalize());
        assertThatThrownBy(() -> store.get("/etc/passwd"))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot use key '/etc/passwd': keys are relative '/'-separated paths");
    }

    @Test
    void download_missingKey_isAStorageErrorNamingTheKey() {
        LocalObjectStore store = LocalObjectStore.create(root);

        assertThatThrownBy(() -> store.download("nope", root.resolve("x")))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot download 'nope': no such object in " + root.toAbsolutePath().normalize());
    }
}
