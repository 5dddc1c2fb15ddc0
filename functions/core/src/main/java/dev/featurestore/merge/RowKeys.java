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

    /** The key of the row with this id. */
    public static long of(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        return hash(bytes, 0, bytes.length);
    }
}
