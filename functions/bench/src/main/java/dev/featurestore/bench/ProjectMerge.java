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
 * and the content checksum of the manifest, and prints the checksum and a digest of the statistics (SHA-256 of their
 * text, means and standard deviations rounded) to compare runs by. {@code --stats-only} and {@code --checksum-only} compute one of them;
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
            System.out.println(ThreadCpu.summary());
            return;
        }
        if (stats) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (!"--checksum-only".equals(mode)) {
                var result = collector.result(); // combines the workers' collectors: once
                parts.add("stats of " + result.size() + " fields, statistics " + digest(statisticsText(result)));
            }
            if (!"--stats-only".equals(mode)) {
                parts.add("checksum " + checksum.value(Workload.OUTPUT, r.rows()).substring(0, 12));
            }
            extra = ", " + mode + ": " + String.join(", ", parts);
        }
        System.out.println((stats ? "stats" : "project") + ": " + r.rows() + " rows, " + r.files().size() + " files, "
                + r.elapsed().toMillis() + " ms" + extra);
        System.out.println(ThreadCpu.summary());
    }

    /**
     * The statistics as text to compare runs by: everything exact, means and standard deviations to 1e-8 of the
     * values' spread (they are floating-point sums over the workers' shares of the buckets, which vary from run to
     * run, so their last bits do: docs/drift.md).
     */
    private static String statisticsText(java.util.Map<String, dev.featurestore.stats.ColumnStats> stats) {
        StringBuilder b = new StringBuilder();
        stats.forEach((name, s) -> {
            b.append(name).append(' ').append(s.type()).append(' ').append(s.count()).append(' ').append(s.nulls());
            if (s.numeric() != null) {
                var n = s.numeric();
                // to 1e-8 of the values' spread: a mean near 0 has few stable significant digits of its own
                double scale = 1e-8 * Math.max(Double.MIN_NORMAL, n.stddev() + Math.abs(n.mean()));
                b.append(" min ").append(n.min()).append(" max ").append(n.max())
                        .append(" mean ").append(Math.round(n.mean() / scale)).append(" stddev ").append(Math.round(n.stddev() / scale))
                        .append(" non-finite ").append(n.nonFinite()).append(" quantiles ").append(n.quantiles());
            }
            if (s.strings() != null) {
                b.append(' ').append(s.strings());
            }
            if (s.booleans() != null) {
                b.append(' ').append(s.booleans());
            }
            b.append('\n');
        });
        return b.toString();
    }

    /** The first 12 hex digits of the SHA-256 of {@code text}: the statistics' fingerprint, to compare runs by. */
    private static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
