package dev.featurestore.parquet;

import dev.featurestore.error.DataException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * The pages of one column chunk, read from the file one page at a time (header, compressed page, decompressed
 * page): a reader holds the page it decodes, not the whole chunk, so memory stays flat however many rows a row
 * group has. Bytes that cannot be read as pages are a {@link DataException} naming the file and the row group
 * ("corrupt or truncated"); a page that does not decompress or decode is an unchecked exception, which the
 * merge reports as a corrupt row group of the partial.
 */
final class ChunkPages implements PageReader {

    private static final ParquetMetadataConverter CONVERTER = new ParquetMetadataConverter();
    private static final int BUFFER = 16 * 1024;

    private final ColumnDescriptor column;
    private final InputStream in;
    private final BytesInputDecompressor decompressor;
    private final long total;
    private final String where;
    private PageHeader pending;
    private long valuesRead;

    /** {@code where} names the row group in errors, e.g. {@code partial 'orders' (orders.parquet): row group 3}. */
    ChunkPages(FileChannel file, ColumnChunkMetaData chunk, ColumnDescriptor column, String where) {
        this.column = column;
        this.in = new BufferedInputStream(new Range(file, chunk.getStartingPos(), chunk.getStartingPos() + chunk.getTotalSize()), BUFFER);
        this.decompressor = ParquetCodecs.create().getDecompressor(chunk.getCodec());
        this.total = chunk.getValueCount();
        this.where = where;
    }

    @Override
    public long getTotalValueCount() {
        return total;
    }

    @Override
    public DictionaryPage readDictionaryPage() {
        try {
            if (valuesRead > 0 || total == 0) {
                return null;
            }
            PageHeader h = pending != null ? pending : Util.readPageHeader(in);
            pending = null;
            if (h.getType() != PageType.DICTIONARY_PAGE) {
                pending = h;
                return null;
            }
            BytesInput bytes = decompress(BytesInput.from(body(h)), h.getUncompressed_page_size());
            return new DictionaryPage(bytes, h.getUncompressed_page_size(), h.getDictionary_page_header().getNum_values(),
                    encoding(h.getDictionary_page_header().getEncoding()));
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    @Override
    public DataPage readPage() {
        try {
            while (valuesRead < total) {
                PageHeader h = pending != null ? pending : Util.readPageHeader(in);
                pending = null;
                if (h.getType() == PageType.DATA_PAGE) {
                    DataPageHeader d = h.getData_page_header();
                    BytesInput data = decompress(BytesInput.from(body(h)), h.getUncompressed_page_size());
                    valuesRead += d.getNum_values();
                    return new DataPageV1(data, d.getNum_values(), h.getUncompressed_page_size(), noStatistics(),
                            encoding(d.getRepetition_level_encoding()), encoding(d.getDefinition_level_encoding()), encoding(d.getEncoding()));
                }
                if (h.getType() == PageType.DATA_PAGE_V2) {
                    DataPageHeaderV2 d = h.getData_page_header_v2();
                    byte[] b = body(h);
                    int rl = d.getRepetition_levels_byte_length();
                    int dl = d.getDefinition_levels_byte_length();
                    if (rl < 0 || dl < 0 || rl + dl > b.length) {
                        throw new IllegalStateException("level lengths " + rl + " + " + dl + " beyond the page of " + b.length + " bytes");
                    }
                    BytesInput data = BytesInput.from(b, rl + dl, b.length - rl - dl);
                    if (!d.isSetIs_compressed() || d.isIs_compressed()) {
                        data = decompress(data, h.getUncompressed_page_size() - rl - dl);
                    }
                    valuesRead += d.getNum_values();
                    return DataPageV2.uncompressed(d.getNum_rows(), d.getNum_nulls(), d.getNum_values(), BytesInput.from(b, 0, rl),
                            BytesInput.from(b, rl, dl), encoding(d.getEncoding()), data, noStatistics());
                }
                in.skipNBytes(h.getCompressed_page_size()); // an index page, or a dictionary page nobody asked for
            }
            return null;
        } catch (IOException e) {
            throw truncated(e);
        }
    }

    private byte[] body(PageHeader h) throws IOException {
        int n = h.getCompressed_page_size();
        if (n < 0) {
            throw new IllegalStateException("page size " + n);
        }
        byte[] b = new byte[n];
        if (in.readNBytes(b, 0, n) < n) {
            throw new EOFException("the column chunk ends inside a page");
        }
        return b;
    }

    private Statistics<?> noStatistics() {
        return Statistics.getBuilderForReading(column.getPrimitiveType()).build();
    }

    private static Encoding encoding(org.apache.parquet.format.Encoding e) {
        return CONVERTER.getEncoding(e);
    }

    /** A page that does not decompress is corrupt, not an I/O failure: an unchecked exception the reader's caller names. */
    private BytesInput decompress(BytesInput compressed, int size) {
        try {
            return decompressor.decompress(compressed, size);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    /** The chunk's bytes could not be read (cut short, or not page headers where they should be). */
    private DataException truncated(IOException e) {
        return new DataException("Cannot read " + where + " is corrupt or truncated ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
    }

    /** Positional reads of {@code [from, to)} of the file (the channel is shared by the file's columns). */
    private static final class Range extends InputStream {
        private final FileChannel file;
        private final long to;
        private long at;

        Range(FileChannel file, long from, long to) {
            this.file = file;
            this.at = from;
            this.to = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (at >= to) {
                return -1;
            }
            int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - at)), at);
            if (n > 0) {
                at += n;
            }
            return n;
        }

        @Override
        public long skip(long n) {
            long s = Math.max(0, Math.min(n, to - at));
            at += s;
            return s;
        }
    }
}
