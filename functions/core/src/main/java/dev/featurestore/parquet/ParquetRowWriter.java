package dev.featurestore.parquet;

import dev.featurestore.error.StorageException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.types.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of {@code id} + declared fields straight into parquet-java's column writers (no record
 * materialization), snappy-compressed, one row group per {@link #ROW_GROUP_ROWS} rows. Dictionary encoding is
 * on only for low-cardinality-friendly columns (strings other than id, int, date): for ids and doubles it
 * costs time and never wins. Values are merge values (see {@link ParquetTypes}). Not thread-safe.
 */
public final class ParquetRowWriter implements AutoCloseable {

    public static final int ROW_GROUP_ROWS = 131_072;
    private static final long MAX_ROW_GROUP_BYTES = 96L << 20;

    private final Path file;
    private final MessageType messageType;
    private final FieldType[] types;
    private final ParquetProperties props;
    private final ParquetFileWriter fileWriter;
    private final BytesInputCompressor compressor;
    private final Map<String, String> metadata;
    private final int rowGroupRows;
    private ColumnChunkPageWriteStore pageStore;
    private ColumnWriteStore columnStore;
    private ColumnWriter idWriter;
    private ColumnWriter[] writers;
    private long rowsInGroup;
    private long rows;
    private boolean closed;

    private ParquetRowWriter(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows) throws IOException {
        this.file = file;
        this.messageType = ParquetTypes.messageType(schema);
        this.metadata = Map.copyOf(metadata);
        this.rowGroupRows = rowGroupRows;
        List<Field> fields = schema.fields();
        this.types = new FieldType[fields.size()];
        ParquetProperties.Builder b = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withDictionaryEncoding(false)
                .withPageSize(1 << 20)
                .withPageRowCountLimit(20_000);
        for (int i = 0; i < fields.size(); i++) {
            types[i] = fields.get(i).type();
            TypeKind k = types[i].kind();
            if (k == TypeKind.STRING || k == TypeKind.INT || k == TypeKind.DATE) {
                b.withDictionaryEncoding(fields.get(i).name(), true);
            }
        }
        this.props = b.build();
        this.compressor = ParquetCodecs.create().getCompressor(CompressionCodecName.SNAPPY);
        this.fileWriter = new ParquetFileWriter(new LocalOutputFile(file), messageType, ParquetFileWriter.Mode.CREATE,
                MAX_ROW_GROUP_BYTES, 0, 64, Integer.MAX_VALUE, false);
        fileWriter.start();
        startRowGroup();
    }

    /** Creates {@code file} (which must not exist) for {@code id} + the schema's fields. */
    public static ParquetRowWriter create(Path file, Schema schema) {
        return create(file, schema, Map.of(), ROW_GROUP_ROWS);
    }

    /** As {@link #create(Path, Schema)} with key/value footer metadata and a row group size in rows. */
    public static ParquetRowWriter create(Path file, Schema schema, Map<String, String> metadata, int rowGroupRows) {
        try {
            return new ParquetRowWriter(file, schema, metadata, rowGroupRows);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private void startRowGroup() {
        pageStore = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(d -> compressor)
                .withSchema(messageType)
                .withAllocator(HeapByteBufferAllocator.getInstance())
                .withColumnIndexTruncateLength(64)
                .build();
        columnStore = props.newColumnWriteStore(messageType, pageStore, pageStore);
        List<ColumnDescriptor> columns = messageType.getColumns();
        idWriter = columnStore.getColumnWriter(columns.get(0));
        writers = new ColumnWriter[types.length];
        for (int i = 0; i < types.length; i++) {
            writers[i] = columnStore.getColumnWriter(columns.get(i + 1));
        }
    }

    public FieldType type(int field) {
        return types[field];
    }

    /** Starts a row with its id (UTF-8 bytes; copied as needed). */
    public void id(byte[] buf, int off, int len) {
        idWriter.write(Binary.fromReusedByteArray(buf, off, len), 0, 0);
    }

    public void id(String id) {
        idWriter.write(Binary.fromString(id), 0, 0);
    }

    public void writeNull(int field) {
        writers[field].writeNull(0, 0);
    }

    public void writeLong(int field, long value) {
        ParquetTypes.writeLong(writers[field], types[field], value);
    }

    public void writeBinary(int field, byte[] buf, int off, int len) {
        ParquetTypes.writeBinary(writers[field], types[field], buf, off, len);
    }

    /** Ends the row; every field must have been written once (a value or null). */
    public void endRow() {
        columnStore.endRecord();
        rows++;
        if (++rowsInGroup >= rowGroupRows
                || ((rowsInGroup & 1023) == 0 && columnStore.getBufferedSize() > MAX_ROW_GROUP_BYTES)) {
            flushRowGroup();
            startRowGroup();
        }
    }

    public long rows() {
        return rows;
    }

    public Path file() {
        return file;
    }

    private void flushRowGroup() {
        try {
            if (rowsInGroup > 0) {
                fileWriter.startBlock(rowsInGroup);
                columnStore.flush();
                pageStore.flushToFileWriter(fileWriter);
                fileWriter.endBlock();
            }
            columnStore.close();
            pageStore.close();
            rowsInGroup = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flushRowGroup();
        try {
            fileWriter.end(metadata);
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
        try {
            columnStore.close();
            pageStore.close();
        } catch (RuntimeException ignored) {
            // the file is being discarded
        }
        fileWriter.abort();
        try {
            fileWriter.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is being discarded
        }
    }
}
