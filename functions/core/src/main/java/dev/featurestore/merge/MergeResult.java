package dev.featurestore.merge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a merge wrote: rows, files (relative order is not meaningful), rows read per partial, time taken. */
public record MergeResult(long rows, List<Path> files, Map<String, Long> rowsPerPartial, Duration elapsed) {
    public MergeResult {
        files = List.copyOf(files);
        rowsPerPartial = Map.copyOf(rowsPerPartial);
    }
}
