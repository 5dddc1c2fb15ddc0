package dev.featurestore.merge;

import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.List;

/**
 * What to merge: the partials, the declared output schema (fields in config order; {@code id} comes first
 * implicitly), where to write the Parquet files, a scratch directory for spill files and how many threads.
 */
public record MergeRequest(Schema schema, List<Partial> partials, Path outputDir, Path spillDir, int threads,
                           ColumnObserver.Factory observers) {
    public MergeRequest {
        partials = List.copyOf(partials);
        if (threads < 1) {
            throw new IllegalArgumentException("Cannot merge with " + threads + " threads (need at least 1)");
        }
    }

    public static MergeRequest of(Schema schema, List<Partial> partials, Path outputDir, Path spillDir) {
        return new MergeRequest(schema, partials, outputDir, spillDir,
                Math.max(1, Runtime.getRuntime().availableProcessors()), ColumnObserver.Factory.NONE);
    }
}
