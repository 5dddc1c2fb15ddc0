package dev.featurestore.local.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.DuckDbTypes;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.types.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calculates a group for one org on this machine: functions in parallel → partials → outer join by id
 * with the declared types → a new version in the lake, then published.
 *
 * <p>Interim: the merge is a DuckDB FULL JOIN and the version layout is written here until the core
 * {@code merge} and {@code version}/{@code calculate} packages land; then this class only wires the
 * local ports into them.
 */
public final class LocalCalculation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Hears about the steps of a calculation. */
    public interface Progress {
        default void started(ResolvedGroup group, int functions) {
        }

        default void functionFinished(LocalFunctionRunner.FunctionResult result) {
        }

        default void merging() {
        }

        Progress NONE = new Progress() {
        };
    }

    /** What a calculation produced. */
    public record Result(String group, String org, String version, long rows, List<LocalFunctionRunner.FunctionResult> functions,
                         Duration elapsed) {
    }

    private final LocalObjectStore store;
    private final JsonCatalog catalog;
    private final DuckDb db;
    private final LocalFunctionRunner runner;
    private final Clock clock;
    private final int threads;

    public LocalCalculation(LocalObjectStore store, JsonCatalog catalog, DuckDb db, Clock clock, int threads) {
        this.store = store;
        this.catalog = catalog;
        this.db = db;
        this.runner = new LocalFunctionRunner(db);
        this.clock = clock;
        this.threads = threads;
    }

    public Result calculate(ResolvedGroup group, Progress progress) {
        long start = System.nanoTime();
        String version = VERSION.format(clock.instant()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        String runId = version;
        String staging = "staging/" + group.group() + "/org=" + group.org() + "/run=" + runId + "/";
        Path stagingDir = store.root().resolve(staging);
        progress.started(group, group.functions().size());
        List<LocalFunctionRunner.FunctionResult> results;
        try {
            results = runner.runAll(group, runId, stagingDir, threads, progress::functionFinished);
            progress.merging();
            String versionPrefix = LakeLayout.versionPrefix(group.group(), group.org(), version);
            long rows = merge(group, results, store.root().resolve(versionPrefix + "part-00000.parquet"));
            writeManifest(group, version, rows, results);
            String location = store.uri(LakeLayout.groupPrefix(group.group()));
            catalog.ensureTable(group.group(), group.fields(), location);
            catalog.addPartition(group.group(), group.org(), version, store.uri(versionPrefix));
            store.put(LakeLayout.currentKey(group.group(), group.org()), version.getBytes(StandardCharsets.UTF_8));
            return new Result(group.group(), group.org(), version, rows, results, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            store.deletePrefix(staging);
        }
    }

    private long merge(ResolvedGroup group, List<LocalFunctionRunner.FunctionResult> partials, Path target) {
        Map<String, String> source = new LinkedHashMap<>();
        StringBuilder from = new StringBuilder();
        for (int i = 0; i < partials.size(); i++) {
            LocalFunctionRunner.FunctionResult p = partials.get(i);
            String alias = "p" + i;
            from.append(i == 0 ? "" : " FULL JOIN ").append("read_parquet(").append(Sql.literal(p.partial().toString()))
                    .append(") ").append(alias).append(i == 0 ? "" : " USING (id)");
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, count(*) AS n FROM read_parquet(" + Sql.literal(p.partial().toString())
                         + ") GROUP BY id HAVING count(*) > 1 LIMIT 1")) {
                if (rs.next()) {
                    throw new DataException("Cannot merge partial of function '" + p.function() + "': id '" + rs.getString(1)
                            + "' appears " + rs.getLong(2) + " times (each entity needs exactly one row; group or deduplicate in the function)");
                }
                for (FunctionSpec fn : group.functions()) {
                    if (fn.name().equals(p.function())) {
                        for (DuckDb.Column col : DuckDb.describe(c, "SELECT * FROM read_parquet(" + Sql.literal(p.partial().toString()) + ")")) {
                            source.putIfAbsent(col.name(), alias);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new StorageException("Cannot read partial " + p.partial() + ": " + e.getMessage(), e);
            }
        }
        StringBuilder select = new StringBuilder("SELECT id");
        for (Field f : group.fields().fields()) {
            select.append(", ");
            if (source.containsKey(f.name())) {
                select.append("CAST(").append(Sql.identifier(f.name())).append(" AS ").append(DuckDbTypes.sqlType(f.type())).append(")");
            } else {
                select.append("CAST(NULL AS ").append(DuckDbTypes.sqlType(f.type())).append(")");
            }
            select.append(" AS ").append(Sql.identifier(f.name()));
        }
        select.append(" FROM ").append(from).append(" ORDER BY id");
        try (Connection c = db.connect()) {
            java.nio.file.Files.createDirectories(target.getParent());
            return db.copyToParquet(c, select.toString(), target);
        } catch (SQLException | IOException e) {
            throw new DataException("Cannot merge the partials of group '" + group.group() + "' for org '" + group.org() + "': " + e.getMessage(), e);
        }
    }

    private void writeManifest(ResolvedGroup group, String version, long rows, List<LocalFunctionRunner.FunctionResult> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group.group());
        m.put("org", group.org());
        m.put("version", version);
        m.put("created_at", clock.instant().toString());
        m.put("rows", rows);
        m.put("config_hash", group.configHash());
        m.put("fields", group.fields().fields().stream().map(f -> Map.of("name", f.name(), "type", f.type().sqlName())).toList());
        m.put("files", List.of("part-00000.parquet"));
        m.put("functions", results.stream().map(r -> Map.of("name", r.function(), "rows", r.rows())).toList());
        try {
            store.put(LakeLayout.versionPrefix(group.group(), group.org(), version) + "_manifest.json", JSON.writeValueAsBytes(m));
        } catch (IOException e) {
            throw new StorageException("Cannot write the manifest of version " + version + ": " + e.getMessage(), e);
        }
    }
}
