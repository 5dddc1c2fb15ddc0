package dev.featurestore.lookup;

import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.parquet.PageKeyIndex;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers of version files, read with one ranged request (the file's last {@link #TAIL} bytes; a second
 * one only for a bigger footer) and kept for the next lookups with the page key index they carry: data files
 * never change once written. Holds at most {@code capacity} footers, least recently used out first.
 * Thread-safe.
 */
final class FooterCache {
    static final int TAIL = 64 * 1024;

    /** A file's footer and, for files the merge wrote with small pages, its page key index. */
    record FileMeta(ParquetMetadata footer, Optional<PageKeyIndex> pages) {
    }

    private final ObjectStore store;
    private final ParquetReadOptions options;
    private final Map<String, FileMeta> footers;

    FooterCache(ObjectStore store, ParquetReadOptions options, int capacity) {
        this.store = store;
        this.options = options;
        this.footers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FileMeta> eldest) {
                return size() > capacity;
            }
        };
    }

    FileMeta footer(VersionLayout layout, VersionLayout.DataFile file) {
        synchronized (footers) {
            FileMeta cached = footers.get(file.key());
            if (cached != null) {
                return cached;
            }
        }
        RangedFile ranged = new RangedFile(store, layout, file);
        ranged.preload(file.bytes() - TAIL, file.bytes());
        FileMeta meta;
        try (ParquetFileReader reader = new ParquetFileReader(ranged, options)) {
            ParquetMetadata footer = reader.getFooter();
            Optional<PageKeyIndex> pages = PageKeyIndex.fromMetadata(footer.getFileMetaData().getKeyValueMetaData());
            if (pages.isPresent() && pages.get().rowGroups() != footer.getBlocks().size()) {
                throw new IllegalArgumentException("its page key index has " + pages.get().rowGroups() + " row groups, the file "
                        + footer.getBlocks().size());
            }
            meta = new FileMeta(footer, pages);
        } catch (IOException | RuntimeException e) {
            if (e instanceof FeatureStoreException fse) {
                throw fse;
            }
            throw new DataException("Cannot read " + store.uri(file.key()) + ": not a readable Parquet file ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        synchronized (footers) {
            footers.put(file.key(), meta);
        }
        return meta;
    }
}
