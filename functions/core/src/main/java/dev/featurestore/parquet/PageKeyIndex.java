package dev.featurestore.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which rows of a Parquet file hold a sort key: the file's data pages hold {@code pageRows} rows each (aligned
 * across columns, so page {@code p} of every column of a row group holds its rows {@code p * pageRows} onwards),
 * and for each page the smallest and largest key of its rows (unsigned 32-bit). Rows need not be exactly sorted:
 * pages whose ranges overlap are both candidates. Kept in the file's footer as key/value metadata
 * ({@link #METADATA_KEY}: {@code v1;<pageRows>;} then per row group the base64 of big-endian (min, max) pairs,
 * comma-separated), so a reader that caches the footer finds a key's pages with no other read.
 */
public final class PageKeyIndex {

    /** The footer metadata key. */
    public static final String METADATA_KEY = "featurestore.page_keys";
    private static final String FORMAT = "v1";

    private final int pageRows;
    private final int[][] ranges;

    private PageKeyIndex(int pageRows, int[][] ranges) {
        this.pageRows = pageRows;
        this.ranges = ranges;
    }

    public int pageRows() {
        return pageRows;
    }

    public int rowGroups() {
        return ranges.length;
    }

    /** Pages of a row group. */
    public int pages(int rowGroup) {
        return ranges[rowGroup].length / 2;
    }

    /** The pages of {@code rowGroup} whose key range holds {@code key}, in page order. */
    public List<Integer> pagesOf(int rowGroup, int key) {
        int[] r = ranges[rowGroup];
        List<Integer> pages = new ArrayList<>(1);
        for (int p = 0; p < r.length / 2; p++) {
            if (Integer.compareUnsigned(r[2 * p], key) <= 0 && Integer.compareUnsigned(key, r[2 * p + 1]) <= 0) {
                pages.add(p);
            }
        }
        return pages;
    }

    /** The index as footer metadata. */
    public Map<String, String> toMetadata() {
        StringBuilder s = new StringBuilder(FORMAT).append(';').append(pageRows).append(';');
        for (int g = 0; g < ranges.length; g++) {
            if (g > 0) {
                s.append(',');
            }
            ByteBuffer b = ByteBuffer.allocate(ranges[g].length * 4);
            for (int v : ranges[g]) {
                b.putInt(v);
            }
            s.append(Base64.getEncoder().encodeToString(b.array()));
        }
        return Map.of(METADATA_KEY, s.toString());
    }

    /**
     * The index in a footer's metadata; empty when the file has none (written without sort keys, or by another
     * writer).
     *
     * @throws IllegalArgumentException when the value is not a valid index
     */
    public static Optional<PageKeyIndex> fromMetadata(Map<String, String> metadata) {
        String value = metadata.get(METADATA_KEY);
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(";", -1);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new IllegalArgumentException(METADATA_KEY + " is not a " + FORMAT + " page key index");
        }
        int pageRows;
        try {
            pageRows = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(METADATA_KEY + " has a bad page size '" + parts[1] + "'");
        }
        if (pageRows < 1) {
            throw new IllegalArgumentException(METADATA_KEY + " has a bad page size '" + parts[1] + "'");
        }
        String[] groups = parts[2].isEmpty() ? new String[0] : parts[2].split(",", -1);
        int[][] ranges = new int[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            byte[] bytes = Base64.getDecoder().decode(groups[g]);
            if (bytes.length % 8 != 0) {
                throw new IllegalArgumentException(METADATA_KEY + " row group " + g + " has " + bytes.length + " bytes (pairs of 4-byte keys)");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            ranges[g] = new int[bytes.length / 4];
            for (int i = 0; i < ranges[g].length; i++) {
                ranges[g][i] = b.getInt();
            }
        }
        return Optional.of(new PageKeyIndex(pageRows, ranges));
    }

    /** Collects the key ranges as rows are written. Not thread-safe. */
    static final class Builder {
        private final int pageRows;
        private final List<int[]> groups = new ArrayList<>();
        private int[] current = new int[64];
        private int size;
        private boolean open;
        private int min;
        private int max;

        Builder(int pageRows) {
            this.pageRows = pageRows;
        }

        void add(int key) {
            if (!open) {
                min = max = key;
                open = true;
            } else if (Integer.compareUnsigned(key, min) < 0) {
                min = key;
            } else if (Integer.compareUnsigned(key, max) > 0) {
                max = key;
            }
        }

        void endPage() {
            if (!open) {
                return;
            }
            if (size + 2 > current.length) {
                current = java.util.Arrays.copyOf(current, current.length * 2);
            }
            current[size++] = min;
            current[size++] = max;
            open = false;
        }

        void endRowGroup() {
            endPage();
            groups.add(java.util.Arrays.copyOf(current, size));
            size = 0;
        }

        PageKeyIndex build() {
            return new PageKeyIndex(pageRows, groups.toArray(int[][]::new));
        }
    }
}
