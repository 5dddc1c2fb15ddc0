package dev.featurestore.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.featurestore.error.DataException;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.parquet.PageKeyIndex;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups by data page: versions the merge wrote with small pages and a page key index in each footer. */
class PageLookupTest {

    private static final Schema SCHEMA = new Schema(List.of(
            new Field("name", FieldType.STRING), new Field("age", FieldType.INT), new Field("spend", FieldType.DOUBLE)));
    private static final String VERSION = "20261124T000100Z-0a01";
    private static final String OLD = "20261124T000000Z-0a00";
    private static final int BUCKETS = 4;

    @TempDir
    Path tmp;

    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final CountingStore store = new CountingStore(memory);
    private final VersionStore versions = new VersionStore(store, Clock.systemUTC(), Duration.ofHours(1));
    private final Map<String, Object[]> rows = new LinkedHashMap<>();
    private Manifest manifest;

    @BeforeEach
    void setUp() throws Exception {
        Random rnd = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            rows.put(i % 5 == 0 ? "ü-" + i : "c" + i, new Object[] {rnd.nextInt(4) == 0 ? null : "n" + i, rnd.nextInt(100),
                    rnd.nextInt(9) == 0 ? null : rnd.nextDouble()});
        }
        manifest = TestVersions.write(store, versions, tmp, "customer", "acme", VERSION, SCHEMA, rows, BUCKETS, null, true);
        versions.publish("customer", "acme", VERSION, "test");
    }

    private LookupResult lookup(EntityLookup lookup, String version, List<String> ids) {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").version(version).build();
        return lookup.lookup(new LookupRequest(q, ids, false));
    }

    private List<Object> expected(String id) {
        List<Object> row = new ArrayList<>();
        row.add(id);
        row.addAll(Arrays.asList(rows.get(id)));
        return row;
    }

    @Test
    void lookup_readsOnlyTheIdsPages_andCachesFootersAndPageOffsets() {
        EntityLookup lookup = new EntityLookup(store, versions);
        store.reset();
        assertThat(lookup(lookup, VERSION, List.of("c1")).rows()).containsExactly(expected("c1"));
        int cold = store.ranges.get();
        lookup(lookup, VERSION, List.of("c7")); // warms its file's footer and its row group's page offsets
        store.reset();

        LookupResult one = lookup(lookup, VERSION, List.of("c7"));

        assertThat(cold).isEqualTo(3); // footer, the row group's offset index, the id's pages
        assertThat(one.rows()).containsExactly(expected("c7"));
        assertThat(store.ranges.get()).isEqualTo(1); // the pages of id, name, age and spend: one request
        long rowGroupBytes = rowGroupBytesOf("c7");
        assertThat(store.rangeBytes.get()).isLessThan(rowGroupBytes / 8);
    }

    @Test
    void lookup_returnsEveryIdsRow_inSmallBatches() {
        EntityLookup lookup = new EntityLookup(store, versions);
        List<String> ids = new ArrayList<>(rows.keySet());
        ids.add("nope");
        Collections.shuffle(ids, new Random(5));
        for (int from = 0; from < ids.size(); from += 20) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 20));
            List<List<Object>> expected = batch.stream().filter(rows::containsKey).map(this::expected).toList();
            assertThat(lookup(lookup, VERSION, batch).rows()).as(batch.toString()).isEqualTo(expected);
        }
    }

    @Test
    void merge_ordersRowsByKey_soEachIdIsInOneOrTwoPages() throws IOException {
        int candidates = 0;
        for (Manifest.DataFile f : manifest.files()) {
            Path local = tmp.resolve(f.name());
            Files.write(local, memory.get(f.key()).orElseThrow());
            try (ParquetFileReader reader = reader(local)) {
                PageKeyIndex index = PageKeyIndex.fromMetadata(reader.getFooter().getFileMetaData().getKeyValueMetaData())
                        .orElseThrow();
                assertThat(index.pageRows()).isEqualTo(256);
                for (int g = 0; g < index.rowGroups(); g++) {
                    BlockMetaData block = reader.getFooter().getBlocks().get(g);
                    assertThat(index.pages(g)).isEqualTo((int) ((block.getRowCount() + 255) / 256));
                    OffsetIndex offsets = reader.readOffsetIndex(block.getColumns().get(0));
                    assertThat(offsets.getPageCount()).isEqualTo(index.pages(g));
                }
            }
        }
        List<PageKeyIndex> indexes = new ArrayList<>();
        for (Manifest.DataFile f : manifest.files()) {
            indexes.add(pageIndex(f));
        }
        for (String id : rows.keySet()) {
            long hash = BucketLayout.hashOf(id);
            int rowGroups = 0;
            for (int f = 0; f < manifest.files().size(); f++) {
                PageKeyIndex index = indexes.get(f);
                List<Integer> buckets = manifest.lookup().rowGroupBuckets().get(f);
                for (int g = 0; g < buckets.size(); g++) {
                    if (buckets.get(g) == BucketLayout.bucketOf(hash, BUCKETS)) {
                        int n = index.pagesOf(g, BucketLayout.pageKeyOf(hash)).size();
                        assertThat(n).as(id).isBetween(1, 2);
                        candidates += n;
                        rowGroups++;
                    }
                }
            }
            assertThat(rowGroups).isEqualTo(1);
        }
        assertThat(candidates).isLessThan(rows.size() * 11 / 10); // almost every id in exactly one page
    }

    @Test
    void lookup_readsWholeRowGroups_whenTheFilesHaveNoPageIndex() throws IOException {
        writeWithoutPageIndex(OLD);
        EntityLookup lookup = new EntityLookup(store, versions);
        List<String> ids = List.of("c1", "ü-5", "c19999", "nope");
        lookup(lookup, OLD, ids); // footers
        store.reset();

        LookupResult result = lookup(lookup, OLD, ids);

        assertThat(result.rows()).containsExactly(expected("c1"), expected("ü-5"), expected("c19999"));
        long buckets = ids.stream().map(id -> BucketLayout.bucketOf(id, BUCKETS)).distinct().count();
        assertThat(store.ranges.get()).isEqualTo((int) buckets); // one row group each
        assertThat(store.rangeBytes.get()).isGreaterThan(rowGroupBytesOf("c1") / 2);
    }

    @Test
    void lookup_failsNamingThePage_whenAPageIsCorrupt() throws IOException {
        String id = "c42";
        Located page = pageOf(id, "age");
        byte[] bytes = memory.get(page.file().key()).orElseThrow().clone();
        bytes[(int) (page.offset() + page.size() - 3)] ^= 0x5A; // inside the compressed values: only the CRC tells
        memory.put(page.file().key(), bytes);

        assertThatThrownBy(() -> lookup(new EntityLookup(store, versions), VERSION, List.of(id)))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot read version '" + VERSION + "' of group 'customer' for org 'acme': file " + page.file().name()
                        + " was changed after the version was written (row group " + page.rowGroup() + ", page " + page.page()
                        + " of column 'age' is corrupt: its checksum does not match; recalculate, or publish another version)");
    }

    @Test
    void lookup_fails_whenAFileWasTruncatedReplacedOrDeleted() {
        Manifest.DataFile file = manifest.files().get(0);
        byte[] bytes = memory.get(file.key()).orElseThrow();
        String prefix = "Cannot read version '" + VERSION + "' of group 'customer' for org 'acme': file " + file.name();
        List<String> ids = new ArrayList<>(rows.keySet()).subList(0, 200); // touches every bucket, so every file

        memory.put(file.key(), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> lookup(new EntityLookup(store, versions), VERSION, ids)).isInstanceOf(DataException.class)
                .hasMessage(prefix + " was changed after the version was written (it has fewer bytes than the " + bytes.length
                        + " the manifest recorded; recalculate, or publish another version)");

        memory.put(file.key(), "not parquet at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> lookup(new EntityLookup(store, versions), VERSION, ids)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(prefix + " was changed after the version was written (");

        memory.delete(file.key());
        assertThatThrownBy(() -> lookup(new EntityLookup(store, versions), VERSION, ids)).isInstanceOf(DataException.class)
                .hasMessage(prefix + " is missing (it was deleted after the version was written; recalculate, or publish another version)");
    }

    private static ParquetFileReader reader(Path file) throws IOException {
        return new ParquetFileReader(new LocalInputFile(file), org.apache.parquet.HadoopFreeReadOptions
                .create(dev.featurestore.parquet.ParquetCodecs.create()));
    }

    private record Located(Manifest.DataFile file, int rowGroup, int page, long offset, int size) {
    }

    /** The page of {@code column} that holds {@code id} (read with parquet-java, independently of the lookup). */
    private Located pageOf(String id, String column) throws IOException {
        long hash = BucketLayout.hashOf(id);
        for (int f = 0; f < manifest.files().size(); f++) {
            Manifest.DataFile file = manifest.files().get(f);
            List<Integer> buckets = manifest.lookup().rowGroupBuckets().get(f);
            for (int g = 0; g < buckets.size(); g++) {
                if (buckets.get(g) != BucketLayout.bucketOf(hash, BUCKETS)) {
                    continue;
                }
                List<Integer> pages = pageIndex(file).pagesOf(g, BucketLayout.pageKeyOf(hash));
                assertThat(pages).hasSize(1);
                Path local = tmp.resolve("located-" + file.name());
                Files.write(local, memory.get(file.key()).orElseThrow());
                try (ParquetFileReader reader = reader(local)) {
                    for (ColumnChunkMetaData chunk : reader.getFooter().getBlocks().get(g).getColumns()) {
                        if (chunk.getPath().toDotString().equals(column)) {
                            OffsetIndex offsets = reader.readOffsetIndex(chunk);
                            int p = pages.get(0);
                            return new Located(file, g, p, offsets.getOffset(p), offsets.getCompressedPageSize(p));
                        }
                    }
                }
            }
        }
        throw new AssertionError("no page holds " + id);
    }

    private PageKeyIndex pageIndex(Manifest.DataFile file) throws IOException {
        Path local = tmp.resolve("index-" + file.name());
        Files.write(local, memory.get(file.key()).orElseThrow());
        try (ParquetFileReader reader = reader(local)) {
            return PageKeyIndex.fromMetadata(reader.getFooter().getFileMetaData().getKeyValueMetaData()).orElseThrow();
        }
    }

    private long rowGroupBytesOf(String id) {
        long hash = BucketLayout.hashOf(id);
        for (int f = 0; f < manifest.files().size(); f++) {
            List<Integer> buckets = manifest.lookup().rowGroupBuckets().get(f);
            for (int g = 0; g < buckets.size(); g++) {
                if (buckets.get(g) == BucketLayout.bucketOf(hash, BUCKETS)) {
                    Path local = tmp.resolve("size-" + f);
                    try {
                        Files.write(local, memory.get(manifest.files().get(f).key()).orElseThrow());
                        try (ParquetFileReader reader = reader(local)) {
                            return reader.getFooter().getBlocks().get(g).getCompressedSize();
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        throw new AssertionError(id);
    }

    /** A version as the merge wrote them before page indexes: a row group per bucket, one page per column chunk. */
    private void writeWithoutPageIndex(String version) throws IOException {
        Path file = tmp.resolve("old.parquet");
        List<Integer> rowGroupBuckets = new ArrayList<>();
        try (ParquetRowWriter w = ParquetRowWriter.create(file, SCHEMA)) {
            for (int b = 0; b < BUCKETS; b++) {
                for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                    if (BucketLayout.bucketOf(e.getKey(), BUCKETS) != b) {
                        continue;
                    }
                    Object[] v = e.getValue();
                    w.id(e.getKey());
                    if (v[0] == null) {
                        w.writeNull(0);
                    } else {
                        byte[] name = ((String) v[0]).getBytes(StandardCharsets.UTF_8);
                        w.writeBinary(0, name, 0, name.length);
                    }
                    w.writeLong(1, (Integer) v[1]);
                    if (v[2] == null) {
                        w.writeNull(2);
                    } else {
                        w.writeLong(2, Double.doubleToRawLongBits((Double) v[2]));
                    }
                    w.endRow();
                }
                w.endRowGroup();
                rowGroupBuckets.add(b);
            }
        }
        String key = Layout.dataFile("customer", "acme", version, "part-00000.parquet");
        store.putFile(key, file);
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "customer", "acme", version, "run-" + version, "2026-11-24T00:00:00Z",
                "hash", "test", Manifest.columnsOf(SCHEMA), rows.size(), List.of(new Manifest.DataFile(key, -1, Files.size(file))),
                List.of(), Map.of(), JsonNodeFactory.instance.objectNode(), "checksum", null,
                new Manifest.LookupIndex(BucketLayout.HASH, BUCKETS, List.of(rowGroupBuckets)), null);
        versions.writeManifest(m);
    }
}
