package dev.featurestore.local.run;

import dev.featurestore.error.DataException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.DuckDbTypes;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Partial;
import dev.featurestore.merge.PartialMerger;
import dev.featurestore.types.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The merge as a DuckDB {@code FULL JOIN ... USING (id)} with casts to the declared types, sorted by id.
 * Interim stand-in for core's streaming {@code Merger} (it does not feed the column observers, so versions
 * it writes have no statistics); local mode switches to {@code Merger::merge} when that lands.
 */
public final class DuckDbMerger implements PartialMerger {
    private final DuckDb db;

    public DuckDbMerger(DuckDb db) {
        this.db = db;
    }

    @Override
    public MergeResult merge(MergeRequest request) {
        long start = System.nanoTime();
        Map<String, Long> rowsPerPartial = new LinkedHashMap<>();
        Set<String> available = new HashSet<>();
        StringBuilder from = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < request.partials().size(); i++) {
                Partial p = request.partials().get(i);
                String file = Sql.readParquet(p.file());
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), "
                        + "(SELECT id FROM " + file + " GROUP BY id HAVING count(*) > 1 LIMIT 1) FROM " + file)) {
                    rs.next();
                    if (rs.getLong(1) != rs.getLong(2)) {
                        throw new DataException("Cannot merge the partial of function '" + p.function() + "': id '" + rs.getString(3)
                                + "' appears more than once (each entity needs exactly one row; group or deduplicate in the function)");
                    }
                    rowsPerPartial.put(p.function(), rs.getLong(1));
                }
                for (DuckDb.Column col : DuckDb.describe(c, "SELECT * FROM " + file)) {
                    available.add(col.name());
                }
                from.append(i == 0 ? "" : " FULL JOIN ").append(file).append(" p").append(i).append(i == 0 ? "" : " USING (id)");
            }
            StringBuilder select = new StringBuilder("SELECT id");
            for (Field f : request.schema().fields()) {
                select.append(", CAST(").append(available.contains(f.name()) ? Sql.identifier(f.name()) : "NULL")
                        .append(" AS ").append(DuckDbTypes.sqlType(f.type())).append(") AS ").append(Sql.identifier(f.name()));
            }
            select.append(" FROM ").append(from).append(" ORDER BY id");
            Files.createDirectories(request.outputDir());
            Path out = request.outputDir().resolve("part-00000.parquet");
            long rows = db.copyToParquet(c, select.toString(), out);
            return new MergeResult(rows, List.of(out), rowsPerPartial, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException | IOException e) {
            throw new DataException("Cannot merge " + request.partials().size() + " partials: " + e.getMessage(), e);
        }
    }
}
