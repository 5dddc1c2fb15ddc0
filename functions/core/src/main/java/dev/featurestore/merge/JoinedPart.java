package dev.featurestore.merge;

import java.nio.file.Path;
import java.util.List;

/** What one join worker or task wrote: its Parquet file, rows, and the bucket of each row group in order. */
public record JoinedPart(Path file, long rows, List<Integer> rowGroupBuckets) {
    public JoinedPart {
        rowGroupBuckets = List.copyOf(rowGroupBuckets);
    }
}
