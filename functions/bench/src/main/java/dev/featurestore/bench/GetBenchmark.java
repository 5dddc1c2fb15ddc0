package dev.featurestore.bench;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The get benchmark (scripts/bench-get): {@code featurestore get} with a filter and 3 columns on an N-entity
 * version, against DuckDB running the equivalent hand-written SQL on the same files, in one run. Each side
 * runs as its own JVM process (the CLI as a user runs it; a bare JDBC program for DuckDB), alternating, after
 * one warm-up each; both write Parquet; the outputs are compared; medians are reported.
 *
 * <p>Usage: {@code GetBenchmark <workDir> <rows> <runs>} (the repository root in FEATURESTORE_ROOT: its
 * {@code featurestore} launcher and the group template in functions/bench/get-config); or
 * {@code GetBenchmark raw <sql> <out>}, the DuckDB side.
 */
public final class GetBenchmark {
    static final String FEATURES = "distance,gender,revenue";
    static final String FILTER = "age >= 30 AND city IN ('city_1', 'city_2', 'city_3', 'city_42') OR score < 0.001";

    private GetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("raw")) {
            raw(args[1], Path.of(args[2]));
            return;
        }
        Path work = Path.of(args[0]).toAbsolutePath();
        long rows = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path lake = work.resolve("lake-" + rows);
        Path config = work.resolve("config-" + rows);
        Manifest manifest = ensureVersion(lake, config, rows);
        List<String> files = manifest.files().stream().map(f -> lake.resolve(f.key()).toString()).toList();
        String handSql = "SELECT id, gender, distance, revenue FROM " + Sql.readParquet(files)
                + " WHERE age >= 30 AND city IN ('city_1', 'city_2', 'city_3', 'city_42') OR score < 0.001";
        Path outProject = work.resolve("out-project.parquet");
        Path outDuckDb = work.resolve("out-duckdb.parquet");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the user's command: the launcher, with its JVM options for short read commands
        Path launcher = Path.of(System.getenv().getOrDefault("FEATURESTORE_ROOT", ".")).resolve("featurestore").toAbsolutePath();
        List<String> project = List.of(launcher.toString(), "get", "wide", "--org", "bench", "--lake", lake.toString(),
                "--config", config.toString(), "--features", FEATURES, "--exclude", "*", "--filter", FILTER,
                "--format", "parquet", "--out", outProject.toString());
        List<String> duckdb = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), GetBenchmark.class.getName(), "raw", handSql, outDuckDb.toString());

        time(project);
        time(duckdb); // warm-up: page cache, JIT-free startup paths
        List<Double> p = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        List<Double> pc = new ArrayList<>();
        List<Double> dc = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                p.add(time(project));
                pc.add(lastCpu);
                d.add(time(duckdb));
                dc.add(lastCpu);
            } else {
                d.add(time(duckdb));
                dc.add(lastCpu);
                p.add(time(project));
                pc.add(lastCpu);
            }
        }
        long[] same = compare(outProject, outDuckDb);
        double[] inProcess = inProcess(lake, config, handSql, work, runs);
        double mp = median(p);
        double md = median(d);
        System.out.printf(Locale.ROOT, "%n| version rows | rows out | featurestore get s | DuckDB hand-written SQL s | ratio get/DuckDB |%n");
        System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %.2f |%n", manifest.rowCount(), same[0], mp, md, mp / md);
        System.out.printf(Locale.ROOT, "%nCPU s (user+sys, median): get %.2f, DuckDB %.2f, ratio %.2f%n", median(pc), median(dc), median(pc) / median(dc));
        System.out.printf(Locale.ROOT, "runs (s): get %s, DuckDB %s; both outputs hold the same %,d rows (checksum %d)%n", p, d, same[0], same[1]);
        System.out.printf(Locale.ROOT, "filter: %s; columns: id,%s%n", FILTER, FEATURES);
        System.out.printf(Locale.ROOT, "in one JVM (the query path without process start; median of %d after a warm-up): get %.2f s,"
                + " DuckDB %.2f s, ratio %.2f%n", Math.max(runs, 5), inProcess[0], inProcess[1], inProcess[0] / inProcess[1]);
    }

    /**
     * Both sides in this JVM on one DuckDB database: get's path (version resolve, manifest, plan, render, COPY)
     * against COPY of the hand-written SQL; isolates the query path from JVM and DuckDB start-up.
     */
    static double[] inProcess(Path lake, Path config, String handSql, Path work, int runs) throws Exception {
        try (LocalRuntime rt = LocalRuntime.open(lake, config)) {
            var reader = rt.reader();
            var query = dev.featurestore.query.FeatureQuery.builder("wide", "bench").features(List.of(FEATURES.split(",")))
                    .exclude("*").filters(FILTER).build();
            Path a = work.resolve("in-project.parquet");
            Path b = work.resolve("in-duckdb.parquet");
            List<Double> p = new ArrayList<>();
            List<Double> d = new ArrayList<>();
            int n = Math.max(runs, 5);
            for (int i = -1; i < n; i++) {
                long t0 = System.nanoTime();
                Files.deleteIfExists(a);
                reader.writeParquet(reader.prepare(query), a);
                long t1 = System.nanoTime();
                Files.deleteIfExists(b);
                try (Connection c = rt.db().connect()) {
                    rt.db().copyToParquet(c, handSql, b);
                }
                long t2 = System.nanoTime();
                if (i >= 0) {
                    p.add((t1 - t0) / 1e9);
                    d.add((t2 - t1) / 1e9);
                }
            }
            return new double[] {median(p), median(d)};
        }
    }

    /** The DuckDB side: a bare JDBC program running the hand-written SQL into Parquet. */
    static void raw(String sql, Path out) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + sql + ") TO " + Sql.literal(out.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
        }
    }

    static Manifest ensureVersion(Path lake, Path config, long rows) throws IOException {
        Path template = Path.of(System.getenv().getOrDefault("FEATURESTORE_ROOT", ".")).resolve("functions/bench/get-config");
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("wide"));
        Files.copy(template.resolve("groups/wide.yaml"), config.resolve("groups/wide.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(config.resolve("wide/wide.sql"), Files.readString(template.resolve("wide/wide.sql")).replace("${ROWS}", Long.toString(rows)));
        try (LocalRuntime rt = LocalRuntime.open(lake, config)) {
            var current = rt.versions().current("wide", "bench");
            if (current.isPresent()) {
                return rt.versions().manifest("wide", "bench", current.get());
            }
            long start = System.nanoTime();
            System.out.printf(Locale.ROOT, "building a %,d-entity version of group 'wide' in %s ...%n", rows, lake);
            LocalCalculation.Result r = rt.calculation(Runtime.getRuntime().availableProcessors())
                    .calculate(rt.config().load("wide"), "bench", LocalCalculation.Progress.NONE);
            System.out.printf(Locale.ROOT, "built version %s (%,d rows, %d files) in %.1f s%n", r.manifest().version(),
                    r.manifest().rowCount(), r.manifest().files().size(), (System.nanoTime() - start) / 1e9);
            return r.manifest();
        }
    }

    /** CPU seconds (user + system) of the last {@link #time} run, from /usr/bin/time when present, else -1. */
    static double lastCpu = -1;

    static double time(List<String> command) throws IOException, InterruptedException {
        Path usage = Files.createTempFile("bench-get-", ".time");
        List<String> full = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            full.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", usage.toString()));
        }
        full.addAll(command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("Cannot benchmark: " + command + " exited " + code);
        }
        lastCpu = -1;
        if (timed) {
            String[] parts = Files.readString(usage).trim().split("\\s+");
            lastCpu = Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1]);
        }
        Files.deleteIfExists(usage);
        return s;
    }

    /** Row count and an order-independent checksum of both outputs; fails loudly when they differ. */
    static long[] compare(Path a, Path b) throws SQLException {
        try (DuckDb db = DuckDb.open(); Connection c = db.connect(); Statement s = c.createStatement()) {
            long[][] r = new long[2][];
            Path[] files = {a, b};
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(hash(id, gender, distance, revenue)) % 1000000007, 0) FROM "
                        + Sql.readParquet(files[i]))) {
                    rs.next();
                    r[i] = new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
            if (r[0][0] != r[1][0] || r[0][1] != r[1][1]) {
                throw new IllegalStateException("Cannot compare: featurestore get wrote " + r[0][0] + " rows (checksum " + r[0][1]
                        + "), DuckDB " + r[1][0] + " (checksum " + r[1][1] + ")");
            }
            return r[0];
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
