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
 * and the content checksum of the manifest. {@code --stats-only} and {@code --checksum-only} compute one of them;
 * {@code --observe-only} hands the values to observers that only count them: what seeing every value costs before
 * any statistic (docs/benchmarks.md, "Cost of statistics and checksum").
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
            case "--observe-only" -> (worker, field) -> new BatchCounter();
            default -> throw new IllegalArgumentException("Cannot use '" + mode
                    + "' (use --stats, --stats-only, --checksum-only or --observe-only)");
        };
        MergeResult r = Merger.merge(new MergeRequest(Workload.OUTPUT, Workload.partials(data), Path.of(args[1]), Path.of(args[2]),
                Runtime.getRuntime().availableProcessors(), observers));
        String extra = "";
        if ("--observe-only".equals(mode)) {
            System.out.println("observe: " + r.rows() + " rows, " + r.elapsed().toMillis() + " ms");
            return;
        }
        if (stats) {
            extra = ", " + mode + ": stats of " + collector.result().size() + " fields, checksum " + checksum.value(Workload.OUTPUT, r.rows()).substring(0, 12);
        }
        System.out.println((stats ? "stats" : "project") + ": " + r.rows() + " rows, " + r.files().size() + " files, "
                + r.elapsed().toMillis() + " ms" + extra);
    }

    /** An observer that only counts the values it is handed, a batch at a time. */
    private static final class BatchCounter implements ColumnObserver {
        private long values;

        @Override
        public void observe(dev.featurestore.merge.ColumnBatch batch) {
            values += batch.size() - batch.nullCount();
        }

        @Override
        public void observeNull(long row) {
        }

        @Override
        public void observeLong(long row, long value) {
            values++;
        }

        @Override
        public void observeDouble(long row, double value) {
            values++;
        }

        @Override
        public void observeBoolean(long row, boolean value) {
            values++;
        }

        @Override
        public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
            values++;
        }
    }
}
