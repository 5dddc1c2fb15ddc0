package dev.featurestore.bench;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.version.ContentChecksum;
import java.nio.file.Path;

/**
 * One run of the project's merge over the workload: {@code ProjectMerge DATA_DIR OUT_DIR SPILL_DIR [--stats]}.
 * With {@code --stats} it also computes what a calculation computes in the same pass: per-field statistics
 * and the content checksum of the manifest.
 */
public final class ProjectMerge {

    private ProjectMerge() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        String mode = args.length > 3 ? args[3] : "";
        boolean stats = !mode.isEmpty();
        StatsCollector collector = StatsCollector.create(Workload.OUTPUT);
        ContentChecksum checksum = "--stats".equals(mode) ? ContentChecksum.around(collector) : new ContentChecksum();
        ColumnObserver.Factory observers = switch (mode) {
            case "" -> ColumnObserver.Factory.NONE;
            case "--stats" -> checksum;
            case "--stats-only" -> collector;
            case "--checksum-only" -> checksum;
            default -> throw new IllegalArgumentException("Cannot use '" + mode + "' (use --stats, --stats-only or --checksum-only)");
        };
        MergeResult r = Merger.merge(new MergeRequest(Workload.OUTPUT, Workload.partials(data), Path.of(args[1]), Path.of(args[2]),
                Runtime.getRuntime().availableProcessors(), observers));
        String extra = "";
        if (stats) {
            extra = ", " + mode + ": stats of " + collector.result().size() + " fields, checksum " + checksum.value(Workload.OUTPUT, r.rows()).substring(0, 12);
        }
        System.out.println((stats ? "stats" : "project") + ": " + r.rows() + " rows, " + r.files().size() + " files, "
                + r.elapsed().toMillis() + " ms" + extra);
    }
}
