package dev.featurestore.parquet;

import dev.featurestore.error.DataException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file opened for column-wise reading, without Hadoop: its footer (schema, row groups) and, per row
 * group, a {@link ColumnReader} per column (dictionary and plain pages, v1 and v2, any codec of
 * {@link ParquetCodecs}). A file that is missing, truncated or not Parquet is a {@link DataException} naming
 * it. Not thread-safe: open one per thread.
 */
public final class ParquetFile implements AutoCloseable {

    private static final ParquetReadOptions OPTIONS = HadoopFreeReadOptions.create(ParquetCodecs.create());

    private final Path path;
    private final String description;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final GroupConverter converter;
    private FileChannel channel;

    private ParquetFile(Path path, String description, ParquetFileReader reader) {
        this.path = path;
        this.description = description;
        this.reader = reader;
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.converter = noOpConverter(schema);
    }

    /** Opens {@code file}; {@code description} names it in errors, e.g. {@code partial 'orders' (orders.parquet)}. */
    public static ParquetFile open(Path file, String description) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new DataException("Cannot read " + description + ": file not found");
        }
        try {
            return new ParquetFile(file, description, new ParquetFileReader(new LocalInputFile(file), OPTIONS));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DataException("Cannot read " + description + ": file not found");
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot read " + description + ": not a readable Parquet file ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    public String description() {
        return description;
    }

    public MessageType schema() {
        return schema;
    }

    public long rows() {
        return reader.getRecordCount();
    }

    public int rowGroupCount() {
        return reader.getRowGroups().size();
    }

    public long rowGroupRows(int rowGroup) {
        return reader.getRowGroups().get(rowGroup).getRowCount();
    }

    /**
     * Row group {@code index}, its column chunks read page by page as its readers go (a reader holds one page,
     * not its chunk: memory stays flat however many rows the row group has); valid until the file is closed.
     */
    public RowGroup rowGroup(int index) {
        try {
            if (index < 0 || index >= reader.getRowGroups().size()) {
                throw new DataException("Cannot read " + description + ": row group " + index + " is missing");
            }
            BlockMetaData block = reader.getRowGroups().get(index);
            PageReadStore pages = new ChunkPageStore(channel(), block, description + ": row group " + index);
            return new RowGroup(block.getRowCount(), pages, block,
                    new ColumnReadStoreImpl(pages, converter, schema, reader.getFooter().getFileMetaData().getCreatedBy()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException("Cannot read " + description + ": row group " + index + " is corrupt or truncated ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        return channel;
    }

    /** A row group's column chunks as {@link ChunkPages}, made when a reader asks for one. */
    private record ChunkPageStore(FileChannel file, BlockMetaData block, String where) implements PageReadStore {
        @Override
        public PageReader getPageReader(ColumnDescriptor column) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                if (java.util.Arrays.equals(chunk.getPath().toArray(), column.getPath())) {
                    return new ChunkPages(file, chunk, column, where);
                }
            }
            throw new IllegalArgumentException("no column " + java.util.Arrays.toString(column.getPath()) + " in " + where);
        }

        @Override
        public long getRowCount() {
            return block.getRowCount();
        }
    }

    /**
     * The byte range {@code [start, end)} of a row group's column chunks in the file (dictionary pages
     * included): what a reader fetches to read the row group alone.
     */
    public long[] rowGroupExtent(int rowGroup) {
        BlockMetaData block = reader.getFooter().getBlocks().get(rowGroup);
        long start = Long.MAX_VALUE;
        long end = 0;
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            start = Math.min(start, chunk.getStartingPos());
            end = Math.max(end, chunk.getStartingPos() + chunk.getTotalSize());
        }
        return start == Long.MAX_VALUE ? new long[] {0, 0} : new long[] {start, end};
    }

    /**
     * The rows of one row group, read column by column: by {@link FastColumnReader} when it decodes every
     * encoding of the column chunk, else by parquet-java's reader.
     */
    public record RowGroup(long rows, PageReadStore pages, BlockMetaData block, ColumnReadStoreImpl store) {
        public ColumnReader column(ColumnDescriptor column) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                if (java.util.Arrays.equals(chunk.getPath().toArray(), column.getPath())) {
                    if (FastColumnReader.supports(column, chunk.getEncodings())) {
                        return new FastColumnReader(column, pages.getPageReader(column));
                    }
                    break;
                }
            }
            return store.getColumnReader(column);
        }

        /**
         * Batch reading of a column cast to its merge value ({@code cast} null: the id column, a string):
         * see {@link ColumnBatchReader}.
         */
        public ColumnBatchReader batches(ColumnDescriptor column, ColumnCast cast) {
            if (ColumnBatchReader.fast(cast)) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    if (java.util.Arrays.equals(chunk.getPath().toArray(), column.getPath())) {
                        if (FastColumnReader.supports(column, chunk.getEncodings())) {
                            return new ColumnBatchReader(new FastColumnReader(column, pages.getPageReader(column), true), null, cast,
                                    column.getMaxDefinitionLevel());
                        }
                        break;
                    }
                }
            }
            return new ColumnBatchReader(null, column(column), cast, column.getMaxDefinitionLevel());
        }
    }

    @Override
    public void close() {
        try (FileChannel c = channel) {
            reader.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }

    private static GroupConverter noOpConverter(GroupType type) {
        Converter[] children = new Converter[type.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            children[i] = type.getType(i).isPrimitive() ? new PrimitiveConverter() { } : noOpConverter(type.getType(i).asGroupType());
        }
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
