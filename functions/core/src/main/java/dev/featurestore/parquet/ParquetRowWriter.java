package dev.featurestore.parquet;

import dev.featurestore.error.StorageException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.xerial.snappy.Snappy;

/**
 * Writes rows of {@code id} + declared fields as snappy-compressed Parquet, one row group per
 * {@code rowGroupRows} rows: one PLAIN data page per column chunk, or pages of {@code pageRows} rows each,
 * aligned across columns (with statistics, page CRCs and Parquet's offset/column index). Rows given a sort key
 * ({@link #rowKey}) also get a {@link PageKeyIndex} in the footer: each page's smallest and largest key, so a
 * reader finds a key's page without reading the others (docs/lookup.md). Values are encoded by
 * {@link ColumnBuffer} directly, not through parquet-java's column writers: that path costs several times more
 * CPU per value and writing is the merge's bottleneck. Values are merge values (see {@link ParquetTypes}).
 * Not thread-safe.
 */
public final class ParquetRowWriter implements AutoCloseable {

    public static final int ROW_GROUP_ROWS = 131_072;
    /** The longest min/max the column index keeps of a binary page (parquet-java's default truncation). */
    static final int COLUMN_INDEX_TRUNCATE_LENGTH = 64;

    private final Path file;
    private final MessageType messageType;
    private final FieldType[] types;
    private final int[] writeKind;
    private final ParquetFileWriter fileWriter;
    private final Map<String, String> metadata;
    private final int rowGroupRows;
    private final ColumnBuffer idColumn;
    private final ColumnBuffer[] columns;
    private final List<ColumnDescriptor> descriptors;
    private final int pageRows;
    /** The current row group's column chunks, page by page (id first); unused with one page per chunk. */
    private final PagedChunk[] chunks;
    private final PageKeyIndex.Builder keys;
    private int rowsInPage;
    private final PageListener listener;
    private final BufferedPage buffered;
    private long keyedRows;
    private byte[] page = new byte[1 << 20];
    private byte[] compressed = new byte[1 << 20];
    private int rowsInGroup;
    private int rowGroups;
    private long rows;
    private boolean closed;

    private ParquetRowWriter(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows, int pageRows,
                             PageListener listener) throws IOException {
        this.file = file;
        this.listener = listener;
        this.pageRows = pageRows;
        this.keys = new PageKeyIndex.Builder(pageRows);
        this.messageType = ParquetTypes.messageType(schema);
        this.metadata = Map.copyOf(metadata);
        this.rowGroupRows = rowGroupRows;
        this.descriptors = messageType.getColumns();
        List<Field> fields = schema.fields();
        this.types = new FieldType[fields.size()];
        this.writeKind = new int[fields.size()];
        this.columns = new ColumnBuffer[fields.size()];
        this.idColumn = new ColumnBuffer(descriptors.get(0).getPrimitiveType(), false);
        for (int i = 0; i < fields.size(); i++) {
            types[i] = fields.get(i).type();
            columns[i] = new ColumnBuffer(descriptors.get(i + 1).getPrimitiveType(), true);
            writeKind[i] = columns[i].kind.ordinal();
        }
        this.buffered = new BufferedPage(idColumn, columns, types);
        this.chunks = new PagedChunk[descriptors.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new PagedChunk(descriptors.get(i));
        }
        this.fileWriter = new ParquetFileWriter(new LocalOutputFile(file), messageType, ParquetFileWriter.Mode.CREATE,
                128L << 20, 0, COLUMN_INDEX_TRUNCATE_LENGTH, Integer.MAX_VALUE, true);
        fileWriter.start();
    }

    /** Creates {@code file} (which must not exist) for {@code id} + the schema's fields. */
    public static ParquetRowWriter create(Path file, Schema schema) {
        return create(file, schema, Map.of(), ROW_GROUP_ROWS);
    }

    /** As {@link #create(Path, Schema)} with key/value footer metadata and a row group size in rows. */
    public static ParquetRowWriter create(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows) {
        return create(file, schema, metadata, rowGroupRows, Integer.MAX_VALUE);
    }

    /** As {@link #create(Path, Schema, Map, int)} with data pages of at most {@code pageRows} rows. */
    public static ParquetRowWriter create(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows,
                                          int pageRows) {
        return create(file, schema, metadata, rowGroupRows, pageRows, null);
    }

    /**
     * As {@link #create(Path, Schema, Map, int, int)}, with {@code listener} (if not null) seeing each page's rows
     * before they are encoded; pages are then at most {@code pageRows} rows.
     */
    public static ParquetRowWriter create(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows,
                                          int pageRows, PageListener listener) {
        if (pageRows < 1) {
            throw new IllegalArgumentException("pageRows must be positive: " + pageRows);
        }
        if (listener != null && pageRows == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A page listener needs a page size in rows");
        }
        try {
            return new ParquetRowWriter(file, schema, metadata, rowGroupRows, pageRows, listener);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public FieldType type(int field) {
        return types[field];
    }

    /** Starts a row with its id (UTF-8 bytes, copied). */
    public void id(byte[] buf, int off, int len) {
        idColumn.addBinary(buf, off, len);
    }

    public void id(String id) {
        byte[] b = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        idColumn.addBinary(b, 0, b.length);
    }

    public void writeNull(int field) {
        columns[field].addNull();
    }

    public void writeLong(int field, long value) {
        ColumnBuffer c = columns[field];
        switch (writeKind[field]) {
            case 0 -> c.addBoolean(value != 0);
            case 1 -> c.addInt((int) value);
            case 2 -> c.addLong(value);
            case 3 -> c.addFloat(Float.intBitsToFloat((int) value));
            case 4 -> c.addDouble(Double.longBitsToDouble(value));
            default -> throw new IllegalStateException(types[field] + " is not a long value");
        }
    }

    /** Writes a binary merge value (string bytes, or a wide decimal's unscaled bytes, sign-extended). */
    public void writeBinary(int field, byte[] buf, int off, int len) {
        ColumnBuffer c = columns[field];
        if (c.kind == ColumnBuffer.Kind.BINARY) {
            c.addBinary(buf, off, len);
            return;
        }
        int n = c.type.getTypeLength();
        byte[] fixed = new byte[n];
        byte pad = len > 0 && buf[off] < 0 ? (byte) -1 : 0;
        java.util.Arrays.fill(fixed, 0, n - len, pad);
        System.arraycopy(buf, off, fixed, n - len, len);
        c.addFixed(fixed);
    }

    /**
     * The current row's sort key (an unsigned 32-bit value; the merge gives the low half of the id's hash). When
     * every row has one, the footer records each page's key range ({@link PageKeyIndex}).
     */
    public void rowKey(int key) {
        keys.add(key);
        keyedRows++;
    }

    /** Ends the row; every field must have been written once (a value or null). */
    public void endRow() {
        rows++;
        rowsInGroup++;
        if (++rowsInPage >= pageRows && pageRows != Integer.MAX_VALUE) {
            endPage();
        }
        if (rowsInGroup >= rowGroupRows) {
            flushRowGroup();
        }
    }

    /** Compresses the buffered rows of every column into a page of the current row group. */
    private void endPage() {
        if (rowsInPage == 0) {
            return;
        }
        if (listener != null) {
            listener.page(buffered);
        }
        page(chunks[0], idColumn);
        for (int i = 0; i < columns.length; i++) {
            page(chunks[i + 1], columns[i]);
        }
        keys.endPage();
        rowsInPage = 0;
    }

    private void page(PagedChunk chunk, ColumnBuffer c) {
        int n = compress(c);
        chunk.add(compressed, n, uncompressedSize, c.rows, c.statistics());
        c.reset();
    }

    public long rows() {
        return rows;
    }

    /** Row groups written so far (the next row group's index). */
    public int rowGroups() {
        return rowGroups;
    }

    /**
     * Ends the current row group now (nothing when it is empty), so the rows written next start a new one: the
     * merge ends one at each bucket so that a lookup reads only its id's bucket.
     */
    public void endRowGroup() {
        flushRowGroup();
    }

    public Path file() {
        return file;
    }

    private void flushRowGroup() {
        if (rowsInGroup == 0) {
            return;
        }
        try {
            fileWriter.startBlock(rowsInGroup);
            if (pageRows == Integer.MAX_VALUE) {
                writeChunk(descriptors.get(0), idColumn);
                for (int i = 0; i < columns.length; i++) {
                    writeChunk(descriptors.get(i + 1), columns[i]);
                }
            } else {
                endPage();
                for (PagedChunk chunk : chunks) {
                    chunk.writeTo(fileWriter);
                }
            }
            keys.endRowGroup();
            fileWriter.endBlock();
            rowsInGroup = 0;
            rowGroups++;
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private int uncompressedSize;

    /** Encodes the buffered column (levels + PLAIN values) and snappy-compresses it into {@code compressed}. */
    private int compress(ColumnBuffer c) {
        int size = (c.optional ? c.levelBytesBound() : 0) + c.valueBytes() + 8; // writeValues may write 8 past
        if (page.length < size) {
            page = new byte[size + size / 4];
        }
        int at = c.optional ? c.writeLevels(page, 0) : 0;
        at = c.writeValues(page, at);
        int bound = Snappy.maxCompressedLength(at);
        if (compressed.length < bound) {
            compressed = new byte[bound + bound / 4];
        }
        uncompressedSize = at;
        try {
            return Snappy.rawCompress(page, 0, at, compressed, 0);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeChunk(ColumnDescriptor descriptor, ColumnBuffer c) throws IOException {
        int n = compress(c);
        fileWriter.startColumn(descriptor, c.rows, CompressionCodecName.SNAPPY);
        fileWriter.writeDataPage(c.rows, uncompressedSize, BytesInput.from(compressed, 0, n), c.statistics(), c.rows,
                Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
        fileWriter.endColumn();
        c.reset();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flushRowGroup();
        Map<String, String> footer = metadata;
        if (keyedRows > 0 && keyedRows == rows) {
            footer = new java.util.HashMap<>(metadata);
            footer.putAll(keys.build().toMetadata());
        }
        try {
            fileWriter.end(footer);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file without completing it, after a failure (the caller deletes it). */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        fileWriter.abort();
        try {
            fileWriter.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is being discarded
        }
    }
}
