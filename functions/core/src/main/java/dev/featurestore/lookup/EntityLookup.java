package dev.featurestore.lookup;

import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.merge.BucketLayout;
import dev.featurestore.parquet.ColumnCast;
import dev.featurestore.parquet.JavaValues;
import dev.featurestore.parquet.ParquetCodecs;
import dev.featurestore.parquet.PageKeyIndex;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.Selection;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Entities by id from a published version, without a query engine (docs/lookup.md): each id hashes to the
 * merge bucket recorded in the manifest's lookup index, and within that bucket's row group to the data pages
 * whose key range (the footer's {@link PageKeyIndex}) holds it; only those pages of the id and selected columns
 * are read (ranged requests through the {@link ObjectStore} port, checked against the manifest) and decoded.
 * Footers, page offsets and manifests are cached (versions are immutable). Files without a page index are read
 * a bucket's row group at a time, and versions without a bucket index row group by row group. Thread-safe.
 */
public final class EntityLookup {

    private static final ParquetReadOptions OPTIONS = HadoopFreeReadOptions.create(ParquetCodecs.create());
    /** Row groups read in parallel above this many (small lookups stay on the caller's thread). */
    private static final int PARALLEL_FROM = 4;

    private final ObjectStore store;
    private final VersionStore versions;
    private final FooterCache footers;
    private final PageOffsets offsets;
    private final Map<String, VersionLayout> layouts;

    public EntityLookup(ObjectStore store, VersionStore versions) {
        this.store = store;
        this.versions = versions;
        this.footers = new FooterCache(store, OPTIONS, 4096);
        this.offsets = new PageOffsets(store, 8192);
        this.layouts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VersionLayout> eldest) {
                return size() > 64;
            }
        };
    }

    /** A requested id: its bytes, its slot in the answer and its page key. */
    private record Wanted(Binary id, int slot, int key) {
    }

    /** Looks the request's ids up in its version (given, current at as-of, or current). */
    public LookupResult lookup(LookupRequest request) {
        FeatureQuery q = request.query();
        String version = q.version()
                .or(() -> q.asOf().map(at -> versions.asOf(q.group(), q.org(), at)))
                .orElseGet(() -> versions.requireCurrent(q.group(), q.org()));
        VersionLayout layout = layout(q.group(), q.org(), version);
        Selection selection = Selection.resolve(layout.fields(), q.features(), q.exclude(), q.pii());

        // distinct ids in request order; each to the row groups that may hold it
        Map<Binary, Integer> slot = new HashMap<>();
        List<String> distinct = new ArrayList<>();
        Map<VersionLayout.RowGroupRef, List<Wanted>> byRowGroup = new LinkedHashMap<>();
        List<VersionLayout.RowGroupRef> all = layout.indexed() ? null : allRowGroups(layout);
        for (String id : request.ids()) {
            Binary key = Binary.fromConstantByteArray(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (slot.containsKey(key)) {
                continue;
            }
            int s = distinct.size();
            slot.put(key, s);
            distinct.add(id);
            long hash = BucketLayout.hashOf(id);
            List<VersionLayout.RowGroupRef> refs = layout.indexed()
                    ? layout.bucketRowGroups().get(BucketLayout.bucketOf(hash, layout.buckets())) : all;
            Wanted wanted = new Wanted(key, s, BucketLayout.pageKeyOf(hash));
            for (VersionLayout.RowGroupRef ref : refs) {
                byRowGroup.computeIfAbsent(ref, r -> new ArrayList<>()).add(wanted);
            }
        }
        Object[][] found = new Object[distinct.size()][];
        List<Map.Entry<VersionLayout.RowGroupRef, List<Wanted>>> work = new ArrayList<>(byRowGroup.entrySet());
        IntStream range = IntStream.range(0, work.size());
        if (work.size() >= PARALLEL_FROM) {
            range = range.parallel();
        }
        range.forEach(i -> read(layout, selection, work.get(i).getKey(), work.get(i).getValue(), distinct, found));

        List<List<Object>> rows = new ArrayList<>();
        int width = selection.fields().size() + 1;
        for (int s = 0; s < distinct.size(); s++) {
            if (found[s] != null) {
                rows.add(Arrays.asList(found[s]));
            } else if (request.includeMissing()) {
                Object[] empty = new Object[width];
                empty[0] = distinct.get(s);
                rows.add(Arrays.asList(empty));
            }
        }
        return new LookupResult(version, selection.columns(), rows);
    }

    private VersionLayout layout(String group, String org, String version) {
        String key = group + "/" + org + "/" + version;
        synchronized (layouts) {
            VersionLayout cached = layouts.get(key);
            if (cached != null) {
                return cached;
            }
        }
        VersionLayout layout = VersionLayout.read(store, group, org, version);
        synchronized (layouts) {
            layouts.put(key, layout);
        }
        return layout;
    }

    private List<VersionLayout.RowGroupRef> allRowGroups(VersionLayout layout) {
        List<VersionLayout.RowGroupRef> refs = new ArrayList<>();
        for (int f = 0; f < layout.files().size(); f++) {
            int groups = footers.footer(layout, layout.files().get(f)).footer().getBlocks().size();
            for (int g = 0; g < groups; g++) {
                refs.add(new VersionLayout.RowGroupRef(f, g));
            }
        }
        return refs;
    }

    /** The id column and the selected columns the file has, in the file's schema. */
    private record Projection(MessageType schema, MessageType fileSchema, List<Field> fields) {
        static Projection of(MessageType fileSchema, Selection selection) {
            List<Type> projected = new ArrayList<>();
            projected.add(fileSchema.getType(Schema.ID));
            for (Field f : selection.fields().fields()) {
                if (fileSchema.containsField(f.name())) {
                    projected.add(fileSchema.getType(f.name()));
                }
            }
            return new Projection(new MessageType(fileSchema.getName(), projected), fileSchema, selection.fields().fields());
        }

        boolean holds(ColumnChunkMetaData chunk) {
            return schema.containsField(chunk.getPath().toDotString());
        }
    }

    /** Reads the wanted ids' rows of one row group: only their pages when the file has a page index. */
    private void read(VersionLayout layout, Selection selection, VersionLayout.RowGroupRef ref, List<Wanted> wanted,
                      List<String> distinct, Object[][] found) {
        VersionLayout.DataFile file = layout.files().get(ref.file());
        String where = store.uri(file.key()) + " row group " + ref.rowGroup();
        FooterCache.FileMeta meta = footers.footer(layout, file);
        ParquetMetadata footer = meta.footer();
        Projection projection = Projection.of(footer.getFileMetaData().getSchema(), selection);
        BlockMetaData block = footer.getBlocks().get(ref.rowGroup());
        try {
            if (meta.pages().isEmpty()
                    || !readPages(layout, file, meta, projection, ref.rowGroup(), block, wanted, distinct, found, where)) {
                readRowGroup(layout, file, footer, projection, ref.rowGroup(), block, wanted, distinct, found, where);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FeatureStoreException fse) {
                throw fse;
            }
            throw new DataException("Cannot read " + where + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), e);
        }
    }

    /**
     * Reads only the pages whose key range holds a wanted id: one ranged request for all of them (the store
     * joins neighbouring ranges), each page checked and decoded on its own. False when the row group cannot be
     * read by pages (no offset index, dictionary pages) or most of it would be read anyway.
     */
    private boolean readPages(VersionLayout layout, VersionLayout.DataFile file, FooterCache.FileMeta meta,
                              Projection projection, int rowGroup, BlockMetaData block, List<Wanted> wanted,
                              List<String> distinct, Object[][] found, String where) throws IOException {
        PageKeyIndex index = meta.pages().orElseThrow();
        TreeMap<Integer, Map<Binary, Integer>> byPage = new TreeMap<>();
        for (Wanted w : wanted) {
            for (int p : index.pagesOf(rowGroup, w.key())) {
                byPage.computeIfAbsent(p, x -> new HashMap<>()).put(w.id(), w.slot());
            }
        }
        if (byPage.isEmpty()) {
            return true; // no page's key range holds any of the ids: none is in this row group
        }
        if (byPage.size() * 2 > index.pages(rowGroup)) {
            return false;
        }
        List<ColumnChunkMetaData> chunks = block.getColumns();
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            if (projection.holds(chunks.get(c))) {
                if (chunks.get(c).hasDictionaryPage()) {
                    return false;
                }
                columns.add(c);
            }
        }
        PageOffsets.Pages[] pages = offsets.of(layout, file, block, rowGroup);
        if (pages == null) {
            return false;
        }
        DataFileCheck check = new DataFileCheck(layout.group(), layout.org(), layout.version());
        List<ObjectStore.Range> ranges = new ArrayList<>();
        for (int p : byPage.keySet()) {
            for (int c : columns) {
                if (p >= pages[c].count() || pages[c].count() != index.pages(rowGroup)) {
                    throw check.changed(file.name(), "row group " + rowGroup + " of column '" + chunks.get(c).getPath().toDotString()
                            + "' has " + pages[c].count() + " pages, its page key index " + index.pages(rowGroup));
                }
                ranges.add(new ObjectStore.Range(pages[c].offset()[p], pages[c].size()[p]));
            }
        }
        List<byte[]> bytes = layout.read(store, file, ranges);
        int at = 0;
        String createdBy = meta.footer().getFileMetaData().getCreatedBy();
        for (Map.Entry<Integer, Map<Binary, Integer>> e : byPage.entrySet()) {
            int p = e.getKey();
            Map<ColumnDescriptor, DataPage> decoded = new HashMap<>();
            long rows = -1;
            for (int c : columns) {
                PageOffsets.Pages cp = pages[c];
                long first = cp.firstRow()[p];
                long end = p + 1 < cp.count() ? cp.firstRow()[p + 1] : block.getRowCount();
                String column = chunks.get(c).getPath().toDotString();
                if (rows >= 0 && (end - first != rows || first != pages[columns.get(0)].firstRow()[p])) {
                    throw check.changed(file.name(), "row group " + rowGroup + ", page " + p + " of column '" + column
                            + "' does not hold the rows of the other columns' page " + p);
                }
                rows = end - first;
                try {
                    decoded.put(projection.schema().getColumnDescription(chunks.get(c).getPath().toArray()),
                            OnePage.decode(bytes.get(at++), chunks.get(c), rows));
                } catch (OnePage.CorruptPage corrupt) {
                    throw check.changed(file.name(), "row group " + rowGroup + ", page " + p + " of column '" + column
                            + "' is corrupt: " + corrupt.getMessage());
                }
            }
            OnePage page = new OnePage(rows, decoded);
            ParquetFile.RowGroup rg = new ParquetFile.RowGroup(rows, page, block,
                    new ColumnReadStoreImpl(page, noOpConverter(projection.schema()), projection.schema(), createdBy));
            fill(rg, projection, e.getValue(), distinct, found, where);
        }
        return true;
    }

    /** Reads one row group's id and selected columns (one ranged request) and fills the rows of wanted ids. */
    private void readRowGroup(VersionLayout layout, VersionLayout.DataFile file, ParquetMetadata footer, Projection projection,
                              int rowGroup, BlockMetaData block, List<Wanted> wanted, List<String> distinct,
                              Object[][] found, String where) throws IOException {
        long start = Long.MAX_VALUE;
        long end = 0;
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            if (projection.holds(chunk)) {
                start = Math.min(start, chunk.getStartingPos());
                end = Math.max(end, chunk.getStartingPos() + chunk.getTotalSize());
            }
        }
        RangedFile ranged = new RangedFile(store, layout, file);
        ranged.preload(start, end);
        Map<Binary, Integer> ids = new HashMap<>();
        for (Wanted w : wanted) {
            ids.put(w.id(), w.slot());
        }
        try (ParquetFileReader reader = open(ranged, footer)) {
            reader.setRequestedSchema(projection.schema());
            PageReadStore pages = reader.readRowGroup(rowGroup);
            ParquetFile.RowGroup rg = new ParquetFile.RowGroup(pages.getRowCount(), pages, block,
                    new ColumnReadStoreImpl(pages, noOpConverter(projection.schema()), projection.schema(),
                            footer.getFileMetaData().getCreatedBy()));
            fill(rg, projection, ids, distinct, found, where);
        }
    }

    /** Finds the wanted ids among the rows and decodes the selected values of matching rows only. */
    private static void fill(ParquetFile.RowGroup rg, Projection projection, Map<Binary, Integer> wanted, List<String> distinct,
                             Object[][] found, String where) {
        MessageType schema = projection.schema();
        List<Field> fields = projection.fields();
        int rows = (int) rg.rows();
        int[] slotOfRow = matchIds(rg, schema.getColumnDescription(new String[] {Schema.ID}), rows, wanted);
        int matches = 0;
        for (int s : slotOfRow) {
            if (s >= 0) {
                found[s] = new Object[fields.size() + 1];
                found[s][0] = distinct.get(s);
                matches++;
            }
        }
        if (matches == 0) {
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (!projection.fileSchema().containsField(field.name())) {
                continue; // null: this version's file lacks the column
            }
            ColumnDescriptor column = schema.getColumnDescription(new String[] {field.name()});
            ColumnCast cast = ColumnCast.of(where, column.getPrimitiveType(), field.type()).orElseThrow(() ->
                    new DataException("Cannot read " + where + ": column '" + field.name() + "' cannot be cast to "
                            + field.type().sqlName()));
            readColumn(rg.column(column), column.getMaxDefinitionLevel(), cast, field, slotOfRow, found, i + 1);
        }
    }

    /**
     * A reader over a cached footer. Through a method handle: javac cannot pick between this constructor and its
     * Hadoop-typed overloads without Hadoop on the class path, which the project does not ship.
     */
    private static ParquetFileReader open(RangedFile file, ParquetMetadata footer) throws IOException {
        try {
            return (ParquetFileReader) READER_WITH_FOOTER.invoke(file, footer, OPTIONS, file.newStream());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static final java.lang.invoke.MethodHandle READER_WITH_FOOTER;

    static {
        try {
            READER_WITH_FOOTER = java.lang.invoke.MethodHandles.publicLookup().findConstructor(ParquetFileReader.class,
                    java.lang.invoke.MethodType.methodType(void.class, org.apache.parquet.io.InputFile.class,
                            ParquetMetadata.class, ParquetReadOptions.class, org.apache.parquet.io.SeekableInputStream.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Per row of the row group, the slot of the requested id it holds, or -1. */
    private static int[] matchIds(ParquetFile.RowGroup rg, ColumnDescriptor idColumn, int rows, Map<Binary, Integer> wanted) {
        ColumnReader id = rg.column(idColumn);
        int max = idColumn.getMaxDefinitionLevel();
        int[] slotOfRow = new int[rows];
        Arrays.fill(slotOfRow, -1);
        int left = wanted.size();
        for (int r = 0; r < rows && left > 0; r++) { // ids are unique: stop once every wanted one was seen
            Integer s = null;
            if (id.getCurrentDefinitionLevel() == max) {
                s = wanted.get(id.getBinary());
            }
            if (s != null) {
                slotOfRow[r] = s;
                left--;
            }
            id.consume();
        }
        return slotOfRow;
    }

    private static void readColumn(ColumnReader cr, int maxDl, ColumnCast cast, Field field, int[] slotOfRow,
                                   Object[][] found, int at) {
        int last = slotOfRow.length - 1;
        while (last >= 0 && slotOfRow[last] < 0) {
            last--;
        }
        for (int r = 0; r <= last; r++) { // rows after the last match are never decoded
            if (slotOfRow[r] >= 0 && cr.getCurrentDefinitionLevel() == maxDl) {
                Object v;
                if (cast.binary()) {
                    ByteBuffer bb = cast.readBinary(cr).toByteBuffer();
                    byte[] bytes = new byte[bb.remaining()];
                    bb.get(bytes);
                    v = JavaValues.fromBytes(field.type(), bytes, 0, bytes.length);
                } else {
                    v = JavaValues.fromLong(field.type(), cast.readLong(cr));
                }
                found[slotOfRow[r]][at] = v;
            } else if (cr.getCurrentDefinitionLevel() == maxDl) {
                cr.skip();
            }
            cr.consume();
        }
    }

    private static GroupConverter noOpConverter(MessageType type) {
        Converter[] children = new Converter[type.getFieldCount()];
        Arrays.fill(children, new PrimitiveConverter() { });
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }
        };
    }
}
