package dev.featurestore.merge;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Where the merge put each id: every id belongs to one of {@code buckets} hash buckets (the spill buckets of
 * the merge), and each row group of an output file holds rows of one bucket only. {@code rowGroupBuckets}
 * maps an output file's name to the bucket of each of its row groups, in row-group order. A lookup by id
 * hashes the id with {@link #bucketOf} and reads only that bucket's row groups (docs/lookup.md).
 */
public record BucketLayout(int buckets, Map<String, List<Integer>> rowGroupBuckets) {

    /** The name of the id hash, recorded in manifests so a reader can refuse a layout it does not know. */
    public static final String HASH = "merge-v1";

    public BucketLayout {
        rowGroupBuckets = Map.copyOf(rowGroupBuckets);
    }

    /** The bucket of {@code id} among {@code buckets}: the same hash the merge partitions with. */
    public static int bucketOf(String id, int buckets) {
        return bucketOf(hashOf(id), buckets);
    }

    /** The merge's hash of an id (its UTF-8 bytes). */
    public static long hashOf(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.hash(b, 0, b.length);
    }

    /** The bucket of an id's hash: its high 32 bits. */
    public static int bucketOf(long hash, int buckets) {
        return Partitioner.bucketOf(hash, buckets);
    }

    /**
     * The sort key of an id's row within its bucket: the low 32 bits of its hash (unsigned). The merge writes a
     * bucket's rows in (nearly) this order and records each data page's key range in the file footer
     * ({@link dev.featurestore.parquet.PageKeyIndex}).
     */
    public static int pageKeyOf(long hash) {
        return (int) hash;
    }
}
