package dev.featurestore.lookup;

import dev.featurestore.parquet.ParquetCodecs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.xerial.snappy.Snappy;

/**
 * The rows of one data page of a row group, as a {@link PageReadStore} holding that page of each selected
 * column: what a lookup decodes instead of the whole row group.
 */
final class OnePage implements PageReadStore {

    /** A page that is not what the file's metadata promises (the caller names file, row group, page, column). */
    static final class CorruptPage extends Exception {
        CorruptPage(String message) {
            super(message);
        }
    }

    private final long rows;
    private final Map<ColumnDescriptor, DataPage> pages;

    OnePage(long rows, Map<ColumnDescriptor, DataPage> pages) {
        this.rows = rows;
        this.pages = pages;
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor column) {
        DataPage page = pages.get(column);
        return new PageReader() {
            private boolean read;

            @Override
            public DictionaryPage readDictionaryPage() {
                return null;
            }

            @Override
            public long getTotalValueCount() {
                return page.getValueCount();
            }

            @Override
            public DataPage readPage() {
                if (read) {
                    return null;
                }
                read = true;
                return page;
            }
        };
    }

    @Override
    public long getRowCount() {
        return rows;
    }

    /**
     * Decodes one v1 data page (header and compressed bytes, exactly as the offset index locates it): its CRC
     * checked when the writer recorded one, its value count checked against the rows the offset index gives it,
     * then decompressed.
     */
    static DataPage decode(byte[] raw, ColumnChunkMetaData chunk, long rows) throws CorruptPage {
        ByteArrayInputStream in = new ByteArrayInputStream(raw);
        PageHeader header;
        try {
            header = Util.readPageHeader(in);
        } catch (IOException | RuntimeException e) {
            throw new CorruptPage("its header cannot be read");
        }
        int headerBytes = raw.length - in.available();
        if (header.getType() != PageType.DATA_PAGE || !header.isSetData_page_header()) {
            throw new CorruptPage("it is a " + header.getType() + " page, not the data page the offset index points to");
        }
        int compressed = header.getCompressed_page_size();
        if (compressed < 0 || headerBytes + compressed != raw.length) {
            throw new CorruptPage("its header gives " + compressed + " bytes, the offset index " + (raw.length - headerBytes));
        }
        if (header.isSetCrc()) {
            CRC32 crc = new CRC32();
            crc.update(raw, headerBytes, compressed);
            if ((int) crc.getValue() != header.getCrc()) {
                throw new CorruptPage("its checksum does not match");
            }
        }
        DataPageHeader data = header.getData_page_header();
        if (data.getNum_values() != rows) {
            throw new CorruptPage("it holds " + data.getNum_values() + " values, the offset index gives it " + rows + " rows");
        }
        int size = header.getUncompressed_page_size();
        byte[] page;
        try {
            page = switch (chunk.getCodec()) {
                case SNAPPY -> {
                    byte[] out = new byte[size];
                    if (Snappy.uncompressedLength(raw, headerBytes, compressed) != size
                            || Snappy.rawUncompress(raw, headerBytes, compressed, out, 0) != size) {
                        throw new IOException("size");
                    }
                    yield out;
                }
                case UNCOMPRESSED -> java.util.Arrays.copyOfRange(raw, headerBytes, raw.length);
                default -> ParquetCodecs.create().getDecompressor(chunk.getCodec())
                        .decompress(BytesInput.from(raw, headerBytes, compressed), size).toByteArray();
            };
        } catch (IOException | RuntimeException e) {
            throw new CorruptPage("it cannot be decompressed");
        }
        if (page.length != size) {
            throw new CorruptPage("it decompresses to " + page.length + " bytes, its header says " + size);
        }
        // no statistics: readers do not use them, and building empty ones costs more than decoding the page
        return new DataPageV1(BytesInput.from(page), data.getNum_values(), size,
                null, Encoding.valueOf(data.getRepetition_level_encoding().name()),
                Encoding.valueOf(data.getDefinition_level_encoding().name()), Encoding.valueOf(data.getEncoding().name()));
    }
}
