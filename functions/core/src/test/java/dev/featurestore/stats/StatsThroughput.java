package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A loop microbenchmark of the statistics' per-row cost on the merge benchmark's 15 columns (docs/benchmarks.md:
 * coverage nulls, Zipf strings, ~5% null bigint), called through the ColumnObserver interface as the merge
 * does. Not a test: run with {@code java -cp ... dev.featurestore.stats.StatsThroughput [rows]}.
 */
public final class StatsThroughput {
    private StatsThroughput() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        List<String> modes = args.length > 1 ? List.of(args[1].split(",")) : List.of("none", "all");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Random r = new Random(1);
        List<Field> fields = new ArrayList<>();
        for (String f : List.of("f1_a", "f1_b", "f1_c")) {
            fields.add(new Field(f, FieldType.DOUBLE));
        }
        fields.add(new Field("f1_n", FieldType.BIGINT));
        fields.add(new Field("f2_cat", FieldType.STRING));
        fields.add(new Field("f2_city", FieldType.STRING));
        fields.add(new Field("f2_flag", FieldType.BOOLEAN));
        fields.add(new Field("f3_ts", FieldType.TIMESTAMP));
        fields.add(new Field("f3_x", FieldType.DOUBLE));
        fields.add(new Field("f3_y", FieldType.DOUBLE));
        for (int i = 0; i < 5; i++) {
            fields.add(new Field("f4_" + i, FieldType.DOUBLE));
        }
        Schema schema = new Schema(fields);
        // column data
        double[][] doubles = new double[15][rows];
        long[] bigints = new long[rows];
        long[] ts = new long[rows];
        boolean[] flags = new boolean[rows];
        byte[][] catValues = zipfValues("cat-", 20);
        byte[][] cityValues = zipfValues("city-", 5000);
        int[] cat = zipf(r, rows, 20, 1.0);
        int[] city = zipf(r, rows, 5000, 0.8);
        boolean[] p2 = new boolean[rows];
        boolean[] p3 = new boolean[rows];
        boolean[] p4 = new boolean[rows];
        boolean[] n5 = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < 15; c++) {
                doubles[c][i] = r.nextGaussian() * 100;
            }
            bigints[i] = r.nextInt(1000);
            ts[i] = 1_577_836_800_000_000L + (long) (r.nextDouble() * 189_302_400_000_000L);
            flags[i] = r.nextBoolean();
            p2[i] = r.nextDouble() < 0.9;
            p3[i] = r.nextDouble() < 0.8;
            p4[i] = r.nextDouble() < 0.7;
            n5[i] = r.nextDouble() < 0.05;
        }
        byte[] page = new byte[64];
        java.util.Map<String, Double> best = new java.util.LinkedHashMap<>();
        for (int run = 0; run < runs * modes.size(); run++) {
            String only = modes.get(run % modes.size());
            StatsCollector stats = StatsCollector.create(schema);
            ColumnObserver[] o = new ColumnObserver[15];
            for (int c = 0; c < 15; c++) {
                Field f = fields.get(c);
                String kind = switch (f.type().kind()) {
                    case STRING -> "string";
                    case BOOLEAN -> "boolean";
                    default -> "numeric";
                };
                o[c] = only.equals("all") || only.equals(kind) ? stats.create(0, f) : new NoopObserver();
            }
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = mx.getCurrentThreadCpuTime(); // cpu, not wall: the machine is shared
            for (int i = 0; i < rows; i++) {
                o[0].observeDouble(i, doubles[0][i]);
                o[1].observeDouble(i, doubles[1][i]);
                o[2].observeDouble(i, doubles[2][i]);
                if (n5[i]) {
                    o[3].observeNull(i);
                } else {
                    o[3].observeLong(i, bigints[i]);
                }
                if (p2[i]) {
                    byte[] v = catValues[cat[i]];
                    System.arraycopy(v, 0, page, 0, v.length);
                    o[4].observeString(i, page, 0, v.length, dev.featurestore.merge.RowKeys.hash(page, 0, v.length));
                    byte[] w = cityValues[city[i]];
                    o[5].observeString(i, w, 0, w.length, dev.featurestore.merge.RowKeys.hash(w, 0, w.length));
                    o[6].observeBoolean(i, flags[i]);
                } else {
                    o[4].observeNull(i);
                    o[5].observeNull(i);
                    o[6].observeNull(i);
                }
                if (p3[i]) {
                    o[7].observeLong(i, ts[i]);
                    o[8].observeDouble(i, doubles[8][i]);
                    o[9].observeDouble(i, doubles[9][i]);
                } else {
                    o[7].observeNull(i);
                    o[8].observeNull(i);
                    o[9].observeNull(i);
                }
                for (int c = 10; c < 15; c++) {
                    if (p4[i]) {
                        o[c].observeDouble(i, doubles[c][i]);
                    } else {
                        o[c].observeNull(i);
                    }
                }
            }
            long observed = mx.getCurrentThreadCpuTime() - start;
            long t = System.nanoTime();
            var result = stats.result();
            long finish = System.nanoTime() - t;
            double perRow = (double) observed / rows;
            if (run >= modes.size()) { // the first round warms up
                best.merge(only, perRow, Math::min);
            }
            System.out.printf("%-8s %d rows x 15 fields: %.1f ns/row, result() %.1f ms, %d fields%n",
                    only, rows, perRow, finish / 1e6, result.size());
        }
        best.forEach((mode, ns) -> System.out.printf("best %-8s %.1f ns/row%n", mode, ns));
    }

    private static byte[][] zipfValues(String prefix, int n) {
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            values[i] = (prefix + i).getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }

    private static int[] zipf(Random r, int rows, int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.pow(i + 1, -s);
            cdf[i] = sum;
        }
        int[] out = new int[rows];
        for (int k = 0; k < rows; k++) {
            double u = r.nextDouble() * sum;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[k] = lo;
        }
        return out;
    }
}
