package dev.featurestore.bench;

import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.lookup.LookupResult;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.version.Manifest;
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
 * through the real pipeline, looks up 1 and 1,000 random existing ids with {@link EntityLookup} (in this JVM,
 * through the lake directory) and with DuckDB's {@code SELECT * ... WHERE id IN (...)} on the same files (same
 * JVM, same ids), and prints p50/p99 per side. Each side first answers one warm-up lookup. Results are compared.
 *
 * <p>Usage: {@code LookupBenchmark <workDir> <rows> <runs> [lookup-only FEATURE,...]}: with {@code lookup-only},
 * only the lookup side runs (1 id, 10 × runs), selecting just the given features.
 */
public final class LookupBenchmark {
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
        List<String> files = manifest.files().stream().map(f -> lake.resolve(f.key()).toString()).toList();
        try (LocalRuntime rt = LocalRuntime.open(lake, config)) {
            List<String> allIds = sampleIds(rt, files, 200_000);
            EntityLookup lookup = new EntityLookup(rt.store(), rt.versions());
            if (args.length == 5 && args[3].equals("lookup-only")) {
                lookupOnly(lookup, allIds, List.of(args[4].split(",")), runs * 10);
                return;
            }
            System.out.printf(Locale.ROOT, "%n| ids per lookup | featurestore lookup p50 ms | p99 ms | DuckDB WHERE id IN p50 ms | p99 ms | runs |%n");
            System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|%n");
            for (int n : new int[] {1, 1000}) {
                int count = n == 1 ? runs * 10 : runs;
                Random rnd = new Random(n);
                List<Double> ours = new ArrayList<>();
                List<Double> duck = new ArrayList<>();
                for (int i = -1; i < count; i++) {
                    List<String> ids = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        ids.add(allIds.get(rnd.nextInt(allIds.size())));
                    }
                    long t0 = System.nanoTime();
                    LookupResult r = lookup.lookup(new LookupRequest(FeatureQuery.builder("wide", "bench").build(), ids, false));
                    long t1 = System.nanoTime();
                    long duckRows = duckDb(rt, files, ids);
                    long t2 = System.nanoTime();
                    if (r.rows().size() != duckRows) {
                        throw new IllegalStateException("Cannot compare: lookup found " + r.rows().size() + " rows, DuckDB " + duckRows);
                    }
                    if (i >= 0) {
                        ours.add((t1 - t0) / 1e6);
                        duck.add((t2 - t1) / 1e6);
                    }
                }
                System.out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2f | %.2f | %d |%n", n, pct(ours, 50), pct(ours, 99),
                        pct(duck, 50), pct(duck, 99), count);
            }
            System.out.printf(Locale.ROOT, "%nversion %s: %,d rows, %d files, %d buckets%n", manifest.version(), manifest.rowCount(),
                    manifest.files().size(), manifest.lookup().buckets());
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
