package dev.featurestore.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.internal.column.columnindex.ColumnIndexBuilder;
import org.apache.parquet.internal.column.columnindex.OffsetIndexBuilder;
import org.apache.parquet.io.SeekableInputStream;

/**
 * One column chunk of the row group being written, assembled in memory page by page: each PLAIN data page's
 * header (written here, byte for byte what parquet-java writes, with the page's CRC32) followed by its snappy
 * bytes, and what the footer needs (chunk statistics, column index, offset index, built as parquet-java builds
 * them). The finished chunk goes to the file in one piece ({@link ParquetFileWriter#appendColumnChunk}).
 * Small pages are what make lookups cheap (docs/lookup.md); handing each one to parquet-java's
 * {@code writeDataPage} cost more than encoding its values (a thrift header object and several stream writes
 * per page). Not thread-safe.
 */
final class PagedChunk {

    /** Upper bound of a header: 4 fields of at most 6 bytes, a nested struct of 4 such fields, 4 markers. */
    static final int MAX_HEADER = 4 * 6 + 4 * 6 + 4;
    private static final Set<Encoding> ENCODINGS = EnumSet.of(Encoding.RLE, Encoding.PLAIN);

    private final ColumnDescriptor descriptor;
    private final CRC32 crc = new CRC32();
    private byte[] bytes = new byte[1 << 16];
    private int size;
    private long uncompressedSize;
    private long values;
    private int pages;
    private Statistics<?> statistics;
    private ColumnIndexBuilder columnIndex;
    private OffsetIndexBuilder offsetIndex;

    PagedChunk(ColumnDescriptor descriptor) {
        this.descriptor = descriptor;
        reset();
    }

    /** Appends one data page: {@code length} snappy bytes of {@code page}, {@code rows} rows (one value each). */
    void add(byte[] page, int length, int uncompressedLength, int rows, Statistics<?> pageStatistics) {
        crc.reset();
        crc.update(page, 0, length);
        if (bytes.length < size + MAX_HEADER + length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + MAX_HEADER + length));
        }
        int start = size;
        int at = writeDataPageHeader(bytes, start, uncompressedLength, length, rows, (int) crc.getValue());
        int header = at - start;
        System.arraycopy(page, 0, bytes, at, length);
        size = at + length;
        uncompressedSize += header + uncompressedLength;
        values += rows;
        pages++;
        offsetIndex.add(header + length, rows);
        mergeStatistics(pageStatistics);
    }

    /** As parquet-java's writer: an empty page's statistics make the chunk's statistics and column index unknown. */
    private void mergeStatistics(Statistics<?> page) {
        if (statistics != null && statistics.isEmpty()) {
            return;
        }
        if (page == null || page.isEmpty()) {
            statistics = Statistics.getBuilderForReading(descriptor.getPrimitiveType()).build();
            columnIndex = ColumnIndexBuilder.getNoOpBuilder();
        } else if (statistics == null) {
            statistics = page.copy();
            columnIndex.add(page);
        } else {
            statistics.mergeStatistics(page);
            columnIndex.add(page);
        }
    }

    int pages() {
        return pages;
    }

    /** Writes the chunk into the open row group of {@code out} and starts the next chunk of this column. */
    void writeTo(ParquetFileWriter out) throws IOException {
        if (pages == 0) {
            throw new IllegalStateException("no pages in the chunk of " + descriptor);
        }
        EncodingStats.Builder encodingStats = new EncodingStats.Builder();
        for (int i = 0; i < pages; i++) {
            encodingStats.addDataEncoding(Encoding.PLAIN);
        }
        ColumnChunkMetaData meta = ColumnChunkMetaData.get(ColumnPath.get(descriptor.getPath()), descriptor.getPrimitiveType(),
                CompressionCodecName.SNAPPY, encodingStats.build(), ENCODINGS, statistics, 0, 0, values, size,
                uncompressedSize);
        out.appendColumnChunk(descriptor, new ArrayInput(bytes, size), meta, null, columnIndex.build(), offsetIndex.build());
        reset();
    }

    private void reset() {
        size = 0;
        uncompressedSize = 0;
        values = 0;
        pages = 0;
        statistics = null;
        columnIndex = ColumnIndexBuilder.getBuilder(descriptor.getPrimitiveType(), ParquetRowWriter.COLUMN_INDEX_TRUNCATE_LENGTH);
        offsetIndex = OffsetIndexBuilder.getBuilder();
    }

    /**
     * A data page header (thrift compact protocol, as parquet-java's {@code writeDataPageV1Header} with a CRC):
     * type DATA_PAGE, both sizes, the CRC, then the data page header with the value count, PLAIN values and RLE
     * levels. Returns the position after it.
     */
    static int writeDataPageHeader(byte[] out, int at, int uncompressedSize, int compressedSize, int valueCount, int crc) {
        out[at++] = 0x15; // field 1 (type), i32
        at = zigzag(out, at, 0); // DATA_PAGE
        out[at++] = 0x15; // field 2, i32
        at = zigzag(out, at, uncompressedSize);
        out[at++] = 0x15; // field 3, i32
        at = zigzag(out, at, compressedSize);
        out[at++] = 0x15; // field 4 (crc), i32
        at = zigzag(out, at, crc);
        out[at++] = 0x1C; // field 5 (data_page_header), struct
        out[at++] = 0x15; // field 1 (num_values), i32
        at = zigzag(out, at, valueCount);
        out[at++] = 0x15; // field 2 (encoding)
        at = zigzag(out, at, Encoding.PLAIN.ordinal());
        out[at++] = 0x15; // field 3 (definition_level_encoding)
        at = zigzag(out, at, 3); // RLE
        out[at++] = 0x15; // field 4 (repetition_level_encoding)
        at = zigzag(out, at, 3); // RLE
        out[at++] = 0; // end of data_page_header
        out[at++] = 0; // end of the page header
        return at;
    }

    private static int zigzag(byte[] out, int at, int n) {
        int v = (n << 1) ^ (n >> 31);
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    /** The assembled chunk as the input {@code appendColumnChunk} copies from. */
    private static final class ArrayInput extends SeekableInputStream {
        private final byte[] bytes;
        private final int size;
        private int pos;

        ArrayInput(byte[] bytes, int size) {
            this.bytes = bytes;
            this.size = size;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = (int) newPos;
        }

        @Override
        public int read() {
            return pos < size ? bytes[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = Math.min(len, size - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            readFully(b, 0, b.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            if (read(b, off, len) != len) {
                throw new java.io.EOFException();
            }
        }

        @Override
        public int read(ByteBuffer buf) {
            if (pos >= size) {
                return -1;
            }
            int n = Math.min(buf.remaining(), size - pos);
            buf.put(bytes, pos, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            int wanted = buf.remaining();
            if (wanted > 0 && read(buf) != wanted) {
                throw new java.io.EOFException();
            }
        }
    }
}
