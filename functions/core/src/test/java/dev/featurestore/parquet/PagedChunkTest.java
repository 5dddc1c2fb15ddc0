package dev.featurestore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.junit.jupiter.api.Test;

class PagedChunkTest {

    private static byte[] parquetJavas(int uncompressed, int compressed, int values, int crc) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParquetMetadataConverter().writeDataPageV1Header(uncompressed, compressed, values, Encoding.RLE, Encoding.RLE,
                Encoding.PLAIN, crc, out);
        return out.toByteArray();
    }

    private static byte[] ours(int uncompressed, int compressed, int values, int crc) {
        byte[] out = new byte[3 + PagedChunk.MAX_HEADER];
        out[0] = 7; // the header is written at an offset, after other bytes of the chunk
        int end = PagedChunk.writeDataPageHeader(out, 3, uncompressed, compressed, values, crc);
        assertThat(out[0]).isEqualTo((byte) 7);
        return Arrays.copyOfRange(out, 3, end);
    }

    @Test
    void dataPageHeaderIsParquetJavasByteForByte_forBoundarySizesCountsAndChecksums() throws Exception {
        int[] sizes = {0, 1, 63, 64, 127, 128, 8191, 8192, 1 << 20, Integer.MAX_VALUE};
        int[] counts = {0, 1, 255, 256, 131_072, Integer.MAX_VALUE};
        int[] crcs = {0, 1, -1, 63, -64, 64, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7F3A_12C4, 0x8000_1234};
        for (int u : sizes) {
            for (int c : sizes) {
                for (int n : counts) {
                    for (int crc : crcs) {
                        assertThat(ours(u, c, n, crc)).as("sizes %d/%d, %d values, crc %d", u, c, n, crc)
                                .isEqualTo(parquetJavas(u, c, n, crc));
                    }
                }
            }
        }
    }

    @Test
    void headerFitsTheBound_atTheLargestValues() throws Exception {
        assertThat(parquetJavas(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE).length)
                .isLessThanOrEqualTo(PagedChunk.MAX_HEADER);
    }
}
