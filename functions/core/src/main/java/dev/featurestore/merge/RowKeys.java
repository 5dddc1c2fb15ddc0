package dev.featurestore.merge;

import dev.featurestore.stats.Hashing;
import java.nio.charset.StandardCharsets;

/** The row key and value hash {@link ColumnObserver}s receive: 64-bit hashes of UTF-8 bytes. */
public final class RowKeys {
    private RowKeys() {
    }

    /** The hash of {@code length} UTF-8 bytes: a row's key (of its id) or a string value's hash. */
    public static long hash(byte[] utf8, int offset, int length) {
        return Hashing.hash(utf8, offset, length);
    }

    /**
     * The row's sampling priority: the leading zero bits of its key remixed (keys in tests may be small integers),
     * 0 to 64, each level half as likely as the one below. Row-keyed samples (the statistics' quantile sketch and
     * string sample) hold the rows whose priority is at least their level, so what they hold depends on the data
     * alone, not on its order or split.
     */
    public static int priority(long row) {
        long z = row * 0x9E3779B97F4A7C15L;
        return Long.numberOfLeadingZeros(z ^ (z >>> 29));
    }

    /** The key of the row with this id. */
    public static long of(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return hash(bytes, 0, bytes.length);
    }
}
