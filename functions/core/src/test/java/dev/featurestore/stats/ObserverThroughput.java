package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.RowKeys;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A loop microbenchmark of what a calculation observes per merged row: the row key (hash of the id) and, per
 * field, one observer call as the merge's joiner makes it (one call site per value kind shared by every column,
 * so the call sites see every column's observer), on the merge benchmark's 15 columns (docs/benchmarks.md).
 * Modes: {@code none} (the row loop alone), {@code noop} (the row key and
 * calls, nothing done), {@code checksum}, {@code stats}, {@code both} (the checksum around the
 * statistics, what a calculation runs). Not a test: {@code java -cp ... dev.featurestore.stats.ObserverThroughput
 * [rows] [modes] [runs]}; prints CPU ns per row, best of the runs after a warm-up round.
 */
public final class ObserverThroughput {
    private static final int NULL = 0;
    private static final int DOUBLE = 1;
    private static final int LONG = 2;
    private static final int BOOLEAN = 3;
    private static final int STRING = 4;
    /** Rows of distinct cells, repeated under new ids: small enough to stay in the cache, so memory bandwidth does not dominate. */
    private static final int CELL_ROWS = 100_000;

    private ObserverThroughput() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        List<String> modes = args.length > 1 ? List.of(args[1].split(",")) : List.of("none", "checksum", "stats", "both");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Schema schema = StatsMergeOverhead.schema();
        Data data = Data.generate(rows, new Random(1));
        Map<String, Double> best = new LinkedHashMap<>();
        for (int run = 0; run < (runs + 1) * modes.size(); run++) {
            String mode = modes.get(run % modes.size());
            StatsCollector stats = StatsCollector.create(schema);
            ContentChecksum checksum = mode.equals("both") ? ContentChecksum.around(stats) : new ContentChecksum();
            ColumnObserver.Factory factory = switch (mode) {
                case "none" -> ColumnObserver.Factory.NONE;
                case "noop" -> (worker, field) -> new NoopObserver();
                case "checksum", "both" -> checksum;
                case "stats" -> stats;
                case "stats-numeric", "stats-string", "stats-boolean" -> (worker, field) -> mode.endsWith(kind(field))
                        ? stats.create(worker, field) : new NoopObserver();
                default -> throw new IllegalArgumentException("Cannot run mode '" + mode + "' (none, noop, checksum, stats, both)");
            };
            ColumnObserver[] o = new ColumnObserver[15];
            for (int w = 0; w < 2; w++) { // two workers' observers, like the merge on 2 threads; the first is fed
                for (int c = 0; c < 15; c++) {
                    ColumnObserver created = factory.create(w, schema.fields().get(c));
                    if (w == 0) {
                        o[c] = created;
                    }
                }
            }
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = mx.getCurrentThreadCpuTime(); // cpu, not wall: the machine is shared
            long sink = feed(data, o, mode.equals("none"));
            long observed = mx.getCurrentThreadCpuTime() - start;
            String summary = mode.equals("none") || mode.equals("noop") ? "" + sink
                    : stats.result().size() + " fields, checksum " + checksum.value(schema, rows).substring(0, 12);
            double perRow = (double) observed / rows;
            if (run >= modes.size()) {
                best.merge(mode, perRow, Math::min);
            }
            System.out.printf("%-8s %d rows: %.1f ns/row (%s)%n", mode, rows, perRow, summary);
        }
        double none = best.getOrDefault("none", 0.0);
        best.forEach((mode, ns) -> System.out.printf("best %-8s %.1f ns/row, %+.1f ns/row over none%n", mode, ns, ns - none));
    }

    /** The joiner's loop: the row key, then one call per field through shared call sites. */
    private static long feed(Data d, ColumnObserver[] o, boolean none) {
        long sink = 0;
        int cell = 0;
        for (int i = 0; i < d.rows; i++) {
            int off = i * 10;
            long row = none ? 0 : RowKeys.hash(d.ids, off, 10);
            sink += row;
            if (i % CELL_ROWS == 0) {
                cell = 0;
            }
            for (int f = 0; f < 15; f++, cell++) {
                ColumnObserver obs = o[f];
                if (obs == null) {
                    continue;
                }
                switch (d.kinds[cell]) {
                    case NULL -> obs.observeNull(row);
                    case DOUBLE -> obs.observeDouble(row, Double.longBitsToDouble(d.values[cell]));
                    case LONG -> obs.observeLong(row, d.values[cell]);
                    case BOOLEAN -> obs.observeBoolean(row, d.values[cell] != 0);
                    default -> {
                        byte[] v = d.strings[(int) d.values[cell]];
                        obs.observeString(row, v, 0, v.length, RowKeys.hash(v, 0, v.length));
                    }
                }
            }
        }
        return sink;
    }

    private static String kind(Field field) {
        return switch (field.type().kind()) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            default -> "numeric";
        };
    }

    /** Row-major cells (kind and value bits) of the benchmark's workload: coverage nulls, Zipf strings, ~5% null bigint. */
    private record Data(int rows, byte[] ids, byte[] kinds, long[] values, byte[][] strings) {
        static Data generate(int rows, Random r) {
            byte[] ids = new byte[rows * 10 + 8];
            byte[] kinds = new byte[CELL_ROWS * 15];
            long[] values = new long[CELL_ROWS * 15];
            byte[][] strings = new byte[5020][];
            for (int i = 0; i < 20; i++) {
                strings[i] = ("cat_" + i).getBytes(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < 5000; i++) {
                strings[20 + i] = ("city_" + i).getBytes(StandardCharsets.UTF_8);
            }
            Zipf cats = new Zipf(20, 1.0);
            Zipf cities = new Zipf(5000, 0.8);
            for (int i = 0; i < rows; i++) {
                byte[] id = String.format("c%09d", i).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(id, 0, ids, i * 10, 10);
            }
            for (int i = 0; i < CELL_ROWS; i++) {
                int c = i * 15;
                for (int f = 0; f < 3; f++) {
                    put(kinds, values, c + f, DOUBLE, Double.doubleToLongBits(r.nextGaussian() * 100));
                }
                put(kinds, values, c + 3, r.nextDouble() < 0.05 ? NULL : LONG, r.nextInt(1000));
                boolean p2 = r.nextDouble() < 0.9;
                put(kinds, values, c + 4, p2 ? STRING : NULL, cats.sample(r));
                put(kinds, values, c + 5, p2 ? STRING : NULL, 20 + cities.sample(r));
                put(kinds, values, c + 6, p2 ? BOOLEAN : NULL, r.nextBoolean() ? 1 : 0);
                boolean p3 = r.nextDouble() < 0.8;
                put(kinds, values, c + 7, p3 ? LONG : NULL, 1_577_836_800_000_000L + (long) (r.nextDouble() * 189_302_400_000_000L));
                put(kinds, values, c + 8, p3 ? DOUBLE : NULL, Double.doubleToLongBits(r.nextGaussian()));
                put(kinds, values, c + 9, p3 ? DOUBLE : NULL, Double.doubleToLongBits(r.nextGaussian()));
                boolean p4 = r.nextDouble() < 0.7;
                for (int f = 10; f < 15; f++) {
                    put(kinds, values, c + f, p4 ? DOUBLE : NULL, Double.doubleToLongBits(r.nextDouble()));
                }
            }
            return new Data(rows, ids, kinds, values, strings);
        }

        private static void put(byte[] kinds, long[] values, int cell, int kind, long value) {
            kinds[cell] = (byte) kind;
            values[cell] = value;
        }
    }

    private static final class Zipf {
        private final double[] cdf;

        Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.pow(i + 1, -s);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
        }

        int sample(Random r) {
            int i = java.util.Arrays.binarySearch(cdf, r.nextDouble());
            return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
        }
    }
}
