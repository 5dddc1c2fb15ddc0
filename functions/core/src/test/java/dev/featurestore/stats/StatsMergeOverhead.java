package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import dev.featurestore.merge.Partial;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What statistics cost in the real merge: the merge benchmark's workload (docs/benchmarks.md: 4 partials, 15 fields,
 * coverage 100/90/80/70%, shuffled ids), generated with DuckDB, merged with {@link Merger} alternately without
 * observers and with {@link StatsCollector}; prints the median wall time of each and the overhead.
 * Not a test: {@code java -cp ... dev.featurestore.stats.StatsMergeOverhead ROWS RUNS THREADS DIR}.
 */
public final class StatsMergeOverhead {
    private StatsMergeOverhead() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> modes = args.length > 4 ? List.of(args[4].split(",")) : List.of("none", "stats");
        Path dir = Path.of(args.length > 3 ? args[3] : "/tmp/featurestore-stats-bench").resolve(rows + "");
        Files.createDirectories(dir);
        List<Partial> partials = generate(dir, rows);
        Schema schema = schema();
        java.util.Map<String, List<Long>> wall = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<Long>> cpus = new java.util.LinkedHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < (runs + 1) * modes.size(); run++) {
            String mode = modes.get(run % modes.size());
            boolean withStats = mode.equals("stats");
            Path out = dir.resolve("out");
            Path spill = dir.resolve("spill");
            delete(out);
            delete(spill);
            StatsCollector collector = StatsCollector.create(schema);
            ColumnObserver.Factory observers = switch (mode) {
                case "stats" -> collector;
                case "noop" -> (worker, field) -> new NoopObserver(); // the calls alone, nothing collected
                case "numeric" -> (worker, field) -> field.type().kind().isNumeric() || field.type().kind().name().startsWith("TIME")
                        ? collector.create(worker, field) : null;
                case "string" -> (worker, field) -> field.type().kind() == dev.featurestore.types.TypeKind.STRING
                        ? collector.create(worker, field) : null;
                default -> ColumnObserver.Factory.NONE;
            };
            System.gc();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            MergeResult result = Merger.merge(new MergeRequest(schema, partials, out, spill, threads, observers));
            long merged = System.nanoTime() - start;
            long total = merged;
            if (withStats) {
                long t = System.nanoTime();
                collector.result();
                total += System.nanoTime() - t;
            }
            long cpu = os.getProcessCpuTime() - cpuStart;
            System.out.printf("run %d %-5s rows=%d merge %.2f s (with result() %.2f s), process cpu %.2f s%n", run,
                    mode, result.rows(), merged / 1e9, total / 1e9, cpu / 1e9);
            if (run >= modes.size()) { // the first round warms up
                wall.computeIfAbsent(mode, m -> new ArrayList<>()).add(total);
                cpus.computeIfAbsent(mode, m -> new ArrayList<>()).add(cpu);
            }
        }
        double baseWall = median(wall.get(modes.get(0))) / 1e9;
        double baseCpu = median(cpus.get(modes.get(0))) / 1e9;
        for (String mode : modes) {
            double w = median(wall.get(mode)) / 1e9;
            double c = median(cpus.get(mode)) / 1e9;
            System.out.printf("rows %,d, %d threads, %-5s: wall %.2f s (%+.1f%%), process cpu %.2f s (%+.1f%%), medians of %d%n",
                    rows, threads, mode, w, 100 * (w - baseWall) / baseWall, c, 100 * (c - baseCpu) / baseCpu, runs);
        }
        delete(dir.resolve("out"));
        delete(dir.resolve("spill"));
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    static Schema schema() {
        List<Field> f = new ArrayList<>();
        for (String n : List.of("f1_a", "f1_b", "f1_c")) {
            f.add(new Field(n, FieldType.DOUBLE));
        }
        f.add(new Field("f1_n", FieldType.BIGINT));
        f.add(new Field("f2_cat", FieldType.STRING));
        f.add(new Field("f2_city", FieldType.STRING));
        f.add(new Field("f2_flag", FieldType.BOOLEAN));
        f.add(new Field("f3_ts", FieldType.TIMESTAMP));
        f.add(new Field("f3_x", FieldType.DOUBLE));
        f.add(new Field("f3_y", FieldType.DOUBLE));
        for (int i = 0; i < 5; i++) {
            f.add(new Field("f4_" + i, FieldType.DOUBLE));
        }
        return new Schema(f);
    }

    private static List<Partial> generate(Path dir, long n) throws Exception {
        List<Partial> partials = List.of(new Partial("p1", dir.resolve("p1.parquet")), new Partial("p2", dir.resolve("p2.parquet")),
                new Partial("p3", dir.resolve("p3.parquet")), new Partial("p4", dir.resolve("p4.parquet")));
        if (partials.stream().allMatch(p -> Files.exists(p.file()))) {
            return partials;
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            s.execute("SELECT setseed(0.42)");
            String ids = "FROM range(" + n + ") t(i)";
            String opts = "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 131072)";
            s.execute("COPY (SELECT printf('c%09d', i) AS id, random() * 100 AS f1_a, random() AS f1_b, (random() - 0.5) * 1e6 AS f1_c,"
                    + " CASE WHEN random() < 0.05 THEN NULL ELSE CAST(random() * 1000 AS BIGINT) END AS f1_n " + ids
                    + " ORDER BY hash(i + 1)) TO '" + dir.resolve("p1.parquet") + "' " + opts);
            s.execute("COPY (SELECT printf('c%09d', i) AS id, 'cat-' || CAST(floor(20 * pow(random(), 3)) AS INT) AS f2_cat,"
                    + " 'city-' || CAST(floor(5000 * pow(random(), 2.5)) AS INT) AS f2_city, random() < 0.3 AS f2_flag " + ids
                    + " WHERE hash(i, 2) % 10 < 9 ORDER BY hash(i + 2)) TO '" + dir.resolve("p2.parquet") + "' " + opts);
            s.execute("COPY (SELECT printf('c%09d', i) AS id, TIMESTAMP '2020-01-01' + to_microseconds(CAST(random() * 189302400e6 AS BIGINT)) AS f3_ts,"
                    + " random() AS f3_x, random() * 2 - 1 AS f3_y " + ids
                    + " WHERE hash(i, 3) % 10 < 8 ORDER BY hash(i + 3)) TO '" + dir.resolve("p3.parquet") + "' " + opts);
            s.execute("COPY (SELECT printf('c%09d', i) AS id, random() AS f4_0, random() AS f4_1, random() AS f4_2, random() AS f4_3,"
                    + " random() AS f4_4 " + ids + " WHERE hash(i, 4) % 10 < 7 ORDER BY hash(i + 4)) TO '" + dir.resolve("p4.parquet") + "' " + opts);
        }
        return partials;
    }

    private static void delete(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
