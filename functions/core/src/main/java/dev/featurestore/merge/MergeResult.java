package dev.featurestore.merge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a merge wrote: rows, files (relative order is not meaningful), rows read per partial, time taken, and
 * which bucket each row group holds (empty when the merge did not record it).
 */
public record MergeResult(long rows, List<Path> files, Map<String, Long> rowsPerPartial, Duration elapsed,
                          java.util.Optional<BucketLayout> layout) {
    public MergeResult {
        files = List.copyOf(files);
        rowsPerPartial = Map.copyOf(rowsPerPartial);
    }

    public MergeResult(long rows, List<Path> files, Map<String, Long> rowsPerPartial, Duration elapsed) {
        this(rows, files, rowsPerPartial, elapsed, java.util.Optional.empty());
    }
}
