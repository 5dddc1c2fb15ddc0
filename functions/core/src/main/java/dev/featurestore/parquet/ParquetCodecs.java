package dev.featurestore.parquet;

import com.github.luben.zstd.Zstd;
import dev.featurestore.error.DataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet compression without Hadoop: parquet-java's own {@code CodecFactory} instantiates Hadoop codec
 * classes, so this factory does the work with snappy-java, zstd-jni and the JDK's gzip instead. Supports
 * UNCOMPRESSED, SNAPPY, ZSTD and GZIP (what pyarrow, DuckDB, Spark and Athena write by default); any other
 * codec is a clear {@link DataException}.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

    private static final ParquetCodecs INSTANCE = new ParquetCodecs();

    private ParquetCodecs() {
    }

    public static ParquetCodecs create() {
        return INSTANCE;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new Compressor(codec);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new Decompressor(codec);
    }

    @Override
    public void release() {
    }

    private static DataException unsupported(CompressionCodecName codec) {
        return new DataException("Cannot use Parquet compression " + codec
                + ": not supported (write the file with SNAPPY, ZSTD, GZIP or no compression)");
    }

    private record Compressor(CompressionCodecName codec) implements BytesInputCompressor {
        Compressor {
            switch (codec) {
                case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> { }
                default -> throw unsupported(codec);
            }
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] in = bytes.toByteArray();
            return switch (codec) {
                case UNCOMPRESSED -> BytesInput.from(in);
                case SNAPPY -> BytesInput.from(Snappy.compress(in));
                case ZSTD -> BytesInput.from(Zstd.compress(in, 3));
                case GZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        gz.write(in);
                    }
                    yield BytesInput.from(out.toByteArray());
                }
                default -> throw unsupported(codec);
            };
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
        }
    }

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {
        Decompressor {
            switch (codec) {
                case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> { }
                default -> throw unsupported(codec);
            }
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] in = bytes.toByteArray();
            return BytesInput.from(decompress(in, 0, in.length, uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(in, 0, compressedSize, uncompressedSize));
        }

        private byte[] decompress(byte[] in, int offset, int length, int uncompressedSize) throws IOException {
            switch (codec) {
                case UNCOMPRESSED:
                    return in;
                case SNAPPY: {
                    byte[] out = new byte[uncompressedSize];
                    int n = Snappy.uncompress(in, offset, length, out, 0);
                    check(n, uncompressedSize);
                    return out;
                }
                case ZSTD: {
                    byte[] out = new byte[uncompressedSize];
                    long n = Zstd.decompressByteArray(out, 0, uncompressedSize, in, offset, length);
                    if (Zstd.isError(n)) {
                        throw new IOException("zstd: " + Zstd.getErrorName(n));
                    }
                    check((int) n, uncompressedSize);
                    return out;
                }
                case GZIP: {
                    // the whole page as the inflater's input, and the output read into one array (readNBytes(n)
                    // would inflate 512 bytes at a time and gather the output in pieces)
                    try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in, offset, length), Math.max(512, length))) {
                        byte[] out = new byte[uncompressedSize];
                        check(gz.readNBytes(out, 0, uncompressedSize), uncompressedSize);
                        return out;
                    }
                }
                default:
                    throw unsupported(codec);
            }
        }

        private void check(int actual, int expected) throws IOException {
            if (actual != expected) {
                throw new IOException(codec + " page decompressed to " + actual + " bytes, expected " + expected);
            }
        }

        @Override
        public void release() {
        }
    }
}
