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
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        return Partitioner.bucketOf(Bytes.hash(b, 0, b.length), buckets);
    }
}
