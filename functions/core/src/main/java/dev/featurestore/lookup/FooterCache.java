package dev.featurestore.lookup;

import dev.featurestore.error.DataException;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers of version files, read with one ranged request (the file's last {@link #TAIL} bytes; a second
 * one only for a bigger footer) and kept for the next lookups: data files never change once written. Holds at
 * most {@code capacity} footers, least recently used out first. Thread-safe.
 */
final class FooterCache {
    static final int TAIL = 64 * 1024;

    private final ObjectStore store;
    private final ParquetReadOptions options;
    private final Map<String, ParquetMetadata> footers;

    FooterCache(ObjectStore store, ParquetReadOptions options, int capacity) {
        this.store = store;
        this.options = options;
        this.footers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ParquetMetadata> eldest) {
                return size() > capacity;
            }
        };
    }

    ParquetMetadata footer(String key, long length) {
        synchronized (footers) {
            ParquetMetadata cached = footers.get(key);
            if (cached != null) {
                return cached;
            }
        }
        RangedFile file = new RangedFile(store, key, length);
        file.preload(length - TAIL, length);
        ParquetMetadata footer;
        try (ParquetFileReader reader = new ParquetFileReader(file, options)) {
            footer = reader.getFooter();
        } catch (IOException | RuntimeException e) {
            if (e instanceof dev.featurestore.error.FeatureStoreException fse) {
                throw fse;
            }
            throw new DataException("Cannot read " + store.uri(key) + ": not a readable Parquet file ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        synchronized (footers) {
            footers.put(key, footer);
        }
        return footer;
    }
}
