package dev.featurestore.bench;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.lookup.LookupResult;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.version.Manifest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The lookup benchmark (scripts/bench-lookup; not a test): on an N-entity version of group {@code wide} built
 * through the real pipeline, looks up 1 and 1,000 random existing ids three ways and prints p50/p99 of each side
 * by side: {@link EntityLookup} in this JVM (through the lake directory); the same lookup through a real
 * {@code serve} process ({@code POST /groups/wide/features} with {@code ids}, JSON answer, over loopback HTTP);
 * and DuckDB's {@code SELECT * ... WHERE id IN (...)} on the same files (in this JVM, same ids). Each side
 * first answers one warm-up lookup; the three answers' row counts are compared on every run.
 *
 * <p>Usage: {@code LookupBenchmark <workDir> <rows> <runs> [lookup-only FEATURE,...]} (runs 0: only build the version): the 1-id case runs
 * 10 × runs lookups in-process and through serve, DuckDB runs {@code runs} times per case (a scan of the whole
 * version each). With {@code lookup-only}, only the in-process side runs (1 id, 10 × runs), selecting just the
 * given features.
 */
public final class LookupBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** CPU time of this JVM (all threads: a lookup of many ids decodes on several), the figure a busy machine distorts least. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private LookupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        long rows = Long.parseLong(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path lake = work.resolve("lake-" + rows);
        Path config = work.resolve("config-" + rows);
        Manifest manifest = GetBenchmark.ensureVersion(lake, config, rows);
        if (manifest.lookup() == null) {
            throw new IllegalStateException("Cannot benchmark lookups: version " + manifest.version() + " in " + lake
                    + " has no lookup index (it was built before the index existed; delete " + lake + ")");
        }
        if (runs == 0) {
            return; // only build the version
        }
        List<String> files = manifest.files().stream().map(f -> lake.resolve(f.key()).toString()).toList();
        try (LocalRuntime rt = LocalRuntime.open(lake, config)) {
            List<String> allIds = sampleIds(rt, files, 200_000);
            EntityLookup lookup = new EntityLookup(rt.store(), rt.versions());
            if (args.length == 5 && args[3].equals("lookup-only")) {
                lookupOnly(lookup, allIds, List.of(args[4].split(",")), runs * 10);
                return;
            }
            String load = loadAverage();
            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "%n| ids per lookup | in-process p50 ms | p99 ms | in-process CPU ms (mean) "
                    + "| through serve (HTTP, JSON) p50 ms | p99 ms | DuckDB WHERE id IN p50 ms | p99 ms | runs (lookup / serve / DuckDB) |%n"));
            table.append(String.format(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|---:|---:|---|%n"));
            try (Serve serve = Serve.start(lake, config)) {
                for (int n : new int[] {1, 1000}) {
                    int count = n == 1 ? runs * 10 : runs;
                    Random rnd = new Random(n);
                    List<Double> ours = new ArrayList<>();
                    List<Double> oursCpu = new ArrayList<>();
                    List<Double> http = new ArrayList<>();
                    List<Double> duck = new ArrayList<>();
                    for (int i = -1; i < count; i++) {
                        List<String> ids = new ArrayList<>(n);
                        for (int k = 0; k < n; k++) {
                            ids.add(allIds.get(rnd.nextInt(allIds.size())));
                        }
                        long c0 = CPU.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        LookupResult r = lookup.lookup(new LookupRequest(FeatureQuery.builder("wide", "bench").build(), ids, false));
                        long t1 = System.nanoTime();
                        long c1 = CPU.getProcessCpuTime();
                        int served = serve.lookup(ids);
                        long t2 = System.nanoTime();
                        if (served != r.rows().size()) {
                            throw new IllegalStateException("Cannot compare: lookup found " + r.rows().size() + " rows, serve " + served);
                        }
                        if (i >= 0) {
                            ours.add((t1 - t0) / 1e6);
                            oursCpu.add((c1 - c0) / 1e6);
                            http.add((t2 - t1) / 1e6);
                        }
                        if (i < runs) {
                            long t3 = System.nanoTime();
                            long duckRows = duckDb(rt, files, ids);
                            long t4 = System.nanoTime();
                            if (r.rows().size() != duckRows) {
                                throw new IllegalStateException("Cannot compare: lookup found " + r.rows().size() + " rows, DuckDB " + duckRows);
                            }
                            if (i >= 0) {
                                duck.add((t4 - t3) / 1e6);
                            }
                        }
                    }
                    table.append(String.format(Locale.ROOT, "| %,d | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f | %d / %d / %d |%n", n,
                            pct(ours, 50), pct(ours, 99), oursCpu.stream().mapToDouble(d -> d).average().orElse(0), pct(http, 50), pct(http, 99), pct(duck, 50), pct(duck, 99), ours.size(),
                            http.size(), duck.size()));
                }
            }
            System.out.print(table);
            System.out.printf(Locale.ROOT, "%nversion %s: %,d rows, %d files, %d buckets; load average %s -> %s%n", manifest.version(),
                    manifest.rowCount(), manifest.files().size(), manifest.lookup().buckets(), load, loadAverage());
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** A real {@code serve} process on the benchmark's lake (same class path), asked over loopback HTTP. */
    private record Serve(Process process, HttpClient http, URI features) implements AutoCloseable {
        static Serve start(Path lake, Path config) throws Exception {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = lake.resolveSibling("serve-" + port + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "dev.featurestore.local.cli.Main", "serve", "--lake", lake.toString(), "--config", config.toString(),
                    "--port", Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            URI groups = URI.create("http://127.0.0.1:" + port + "/groups");
            for (int i = 0; ; i++) {
                try {
                    if (http.send(HttpRequest.newBuilder(groups).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    if (i > 600 || !p.isAlive()) {
                        p.destroy();
                        throw new IllegalStateException("Cannot start serve (see " + log + ")", notYet);
                    }
                }
                Thread.sleep(100);
            }
            return new Serve(p, http, URI.create("http://127.0.0.1:" + port + "/groups/wide/features"));
        }

        /** Looks the ids up through serve; returns the rows of the JSON answer. */
        int lookup(List<String> ids) throws Exception {
            String body = JSON.writeValueAsString(java.util.Map.of("org", "bench", "ids", ids));
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(features).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("serve answered " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return JSON.readTree(r.body()).path("rows").size();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** 1-id lookups selecting only {@code features}, without the DuckDB side. */
    private static void lookupOnly(EntityLookup lookup, List<String> allIds, List<String> features, int count) {
        FeatureQuery q = FeatureQuery.builder("wide", "bench").features(features).exclude("*").build();
        Random rnd = new Random(1);
        List<Double> times = new ArrayList<>();
        for (int i = -1; i < count; i++) {
            String id = allIds.get(rnd.nextInt(allIds.size()));
            long t0 = System.nanoTime();
            LookupResult r = lookup.lookup(new LookupRequest(q, List.of(id), false));
            if (r.rows().size() != 1) {
                throw new IllegalStateException("Cannot benchmark: id " + id + " was not found");
            }
            if (i >= 0) {
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "1 id, features %s: p50 %.2f ms, p99 %.2f ms (%d lookups)%n", features, pct(times, 50),
                pct(times, 99), count);
    }

    private static List<String> sampleIds(LocalRuntime rt, List<String> files, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = rt.db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + Sql.readParquet(files) + " USING SAMPLE " + n + " ROWS")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long duckDb(LocalRuntime rt, List<String> files, List<String> ids) throws Exception {
        long rows = 0;
        try (Connection c = rt.db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.readParquet(files) + " WHERE id IN (" + String.join(", ", ids.stream().map(Sql::literal).toList()) + ")")) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
        }
        return rows;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
