package dev.featurestore.local.bench;

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
 * <p>Usage: {@code GetBenchmark <workDir> <rows> <runs> <cliJar>}; or {@code GetBenchmark raw <sql> <out>}, the
 * DuckDB side.
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
        Path jar = Path.of(args[3]).toAbsolutePath();
        Path lake = work.resolve("lake-" + rows);
        Path config = work.resolve("config-" + rows);
        Manifest manifest = ensureVersion(lake, config, rows);
        List<String> files = manifest.files().stream().map(f -> lake.resolve(f.key()).toString()).toList();
        String handSql = "SELECT id, gender, distance, revenue FROM " + Sql.readParquet(files)
                + " WHERE age >= 30 AND city IN ('city_1', 'city_2', 'city_3', 'city_42') OR score < 0.001";
        Path outProject = work.resolve("out-project.parquet");
        Path outDuckDb = work.resolve("out-duckdb.parquet");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> project = List.of(java, "-jar", jar.toString(), "get", "wide", "--org", "bench", "--lake", lake.toString(),
                "--config", config.toString(), "--features", FEATURES, "--exclude", "*", "--filter", FILTER,
                "--format", "parquet", "--out", outProject.toString());
        List<String> duckdb = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", jar.toString(), GetBenchmark.class.getName(), "raw", handSql, outDuckDb.toString());

        time(project);
        time(duckdb); // warm-up: page cache, JIT-free startup paths
        List<Double> p = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                p.add(time(project));
                d.add(time(duckdb));
            } else {
                d.add(time(duckdb));
                p.add(time(project));
            }
        }
        long[] same = compare(outProject, outDuckDb);
        double mp = median(p);
        double md = median(d);
        System.out.printf(Locale.ROOT, "%n| version rows | rows out | featurestore get s | DuckDB hand-written SQL s | ratio get/DuckDB |%n");
        System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %.2f |%n", manifest.rowCount(), same[0], mp, md, mp / md);
        System.out.printf(Locale.ROOT, "%nruns (s): get %s, DuckDB %s; both outputs hold the same %,d rows (checksum %d)%n", p, d, same[0], same[1]);
        System.out.printf(Locale.ROOT, "filter: %s; columns: id,%s%n", FILTER, FEATURES);
    }

    /** The DuckDB side: a bare JDBC program running the hand-written SQL into Parquet. */
    static void raw(String sql, Path out) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + sql + ") TO " + Sql.literal(out.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
        }
    }

    static Manifest ensureVersion(Path lake, Path config, long rows) throws IOException {
        Path template = Path.of(System.getenv().getOrDefault("FEATURESTORE_ROOT", ".")).resolve("functions/local/bench/config");
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

    static double time(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("Cannot benchmark: " + command + " exited " + code);
        }
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
