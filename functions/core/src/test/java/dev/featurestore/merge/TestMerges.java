package dev.featurestore.merge;

/** Merges with a chosen bucket count, for tests of other packages that need many buckets from few rows. */
public final class TestMerges {
    private TestMerges() {
    }

    public static MergeResult merge(MergeRequest request, int buckets) {
        return Merger.merge(request, buckets);
    }
}
