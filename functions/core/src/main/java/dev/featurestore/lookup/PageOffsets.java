package dev.featurestore.lookup;

import dev.featurestore.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.format.OffsetIndex;
import org.apache.parquet.format.PageLocation;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.hadoop.metadata.IndexReference;

/**
 * Where each data page of a row group's column chunks lies: Parquet's offset index, read for all columns of a
 * row group with one ranged request (the writer puts them side by side) and kept, as the footers are. At most
 * {@code capacity} row groups, least recently used out first. Thread-safe.
 */
final class PageOffsets {

    /** The pages of one column chunk: byte offset and size (header included) and first row of each. */
    record Pages(long[] offset, int[] size, long[] firstRow) {
        int count() {
            return offset.length;
        }
    }

    private final ObjectStore store;
    private final Map<String, Pages[]> cache;

    PageOffsets(ObjectStore store, int capacity) {
        this.store = store;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pages[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The pages of every column of the row group, in the block's column order; null when a column chunk has no
     * offset index (files from other writers: the caller reads the whole row group).
     *
     * @throws IOException when an offset index cannot be parsed (the caller names the file)
     */
    Pages[] of(VersionLayout layout, VersionLayout.DataFile file, BlockMetaData block, int rowGroup) throws IOException {
        String key = file.key() + "#" + rowGroup;
        synchronized (cache) {
            Pages[] cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<ColumnChunkMetaData> chunks = block.getColumns();
        List<ObjectStore.Range> ranges = new ArrayList<>(chunks.size());
        for (ColumnChunkMetaData chunk : chunks) {
            IndexReference ref = chunk.getOffsetIndexReference();
            if (ref == null || ref.getLength() <= 0) {
                return null;
            }
            ranges.add(new ObjectStore.Range(ref.getOffset(), ref.getLength()));
        }
        List<byte[]> bytes = layout.read(store, file, ranges);
        Pages[] pages = new Pages[chunks.size()];
        for (int c = 0; c < pages.length; c++) {
            OffsetIndex index = Util.readOffsetIndex(new ByteArrayInputStream(bytes.get(c)));
            List<PageLocation> locations = index.getPage_locations();
            long[] offset = new long[locations.size()];
            int[] size = new int[locations.size()];
            long[] firstRow = new long[locations.size()];
            for (int p = 0; p < offset.length; p++) {
                PageLocation l = locations.get(p);
                offset[p] = l.getOffset();
                size[p] = l.getCompressed_page_size();
                firstRow[p] = l.getFirst_row_index();
            }
            pages[c] = new Pages(offset, size, firstRow);
        }
        synchronized (cache) {
            cache.put(key, pages);
        }
        return pages;
    }
}
