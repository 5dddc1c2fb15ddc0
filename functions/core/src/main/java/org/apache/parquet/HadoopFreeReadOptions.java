package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Builds {@link ParquetReadOptions} without touching Hadoop. parquet-java 1.18's {@code ParquetReadOptions.Builder}
 * always creates a Hadoop {@code CodecFactory} in its constructor (which needs hadoop-common on the classpath),
 * even when a codec factory is set later; the options' own constructor is package-private, hence this class in
 * parquet's package. Used only by {@code dev.featurestore.parquet.ParquetFile}.
 */
public final class HadoopFreeReadOptions {

    private HadoopFreeReadOptions() {
    }

    public static ParquetReadOptions create(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                false, // useStatsFilter
                false, // useDictionaryFilter
                false, // useRecordFilter
                false, // useColumnIndexFilter
                false, // usePageChecksumVerification
                false, // useBloomFilter
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 * 1024 * 1024,
                new HashMap<>(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
