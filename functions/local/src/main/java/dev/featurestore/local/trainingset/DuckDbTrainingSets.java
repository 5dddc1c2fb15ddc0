package dev.featurestore.local.trainingset;

import dev.featurestore.error.DataException;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.DuckDbTypes;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.trainingset.TrainingSetEngine;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.Validity;
import dev.featurestore.types.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Training sets in local mode: one DuckDB statement reads the entity rows (Parquet or CSV), finds each row's
 * version with an ASOF JOIN on the plan's validity timeline, joins that version's features by id, and writes
 * the rows in their input order as Parquet. DuckDB spills to disk, so memory stays bounded by its limit.
 */
public final class DuckDbTrainingSets implements TrainingSetEngine<Path, Path> {
    /** Strings with a zone: Z or an offset at the end. */
    private static final String ZONED = "'([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$'";
    private static final Set<String> ZONED_TYPES = Set.of("TIMESTAMP WITH TIME ZONE");

    private final DuckDb db;
    private final LocalObjectStore store;

    public DuckDbTrainingSets(DuckDb db, LocalObjectStore store) {
        this.db = db;
        this.store = store;
    }

    @Override
    public long join(TrainingSetPlan plan, Path entities, Path out) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            String relation = relation(c, entities);
            List<DuckDb.Column> columns = DuckDb.describe(c, "SELECT * FROM " + relation);
            String eventTime = checkColumns(entities, columns, plan.features());
            checkEventTimes(s, entities, relation, eventTime);
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(out);
            String sql = "COPY (" + select(plan, relation, eventTime) + ") TO " + Sql.literal(out.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION snappy)";
            s.execute(sql);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Sql.readParquet(out.toAbsolutePath()))) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DataException("Cannot build a training set of group '" + plan.group() + "' for org '" + plan.org()
                    + "' from " + entities + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UsageException("Cannot write the training set to " + out + ": " + e.getMessage());
        }
    }

    private static String relation(Connection c, Path entities) throws SQLException {
        if (!Files.isRegularFile(entities)) {
            throw new UsageException("Cannot read --entities " + entities + ": no such file");
        }
        String name = entities.getFileName().toString().toLowerCase(Locale.ROOT);
        String path = Sql.literal(entities.toAbsolutePath().toString());
        if (name.endsWith(".parquet")) {
            return "read_parquet(" + path + ")";
        }
        if (name.endsWith(".csv")) {
            // id and event_time as text whatever they look like (ids are strings; times are checked for a zone)
            List<String> types = new ArrayList<>();
            for (DuckDb.Column col : DuckDb.describe(c, "SELECT * FROM read_csv(" + path + ", header = true)")) {
                if (col.name().equals("id") || col.name().equals("event_time")) {
                    types.add(Sql.literal(col.name()) + ": 'VARCHAR'");
                }
            }
            return "read_csv(" + path + ", header = true" + (types.isEmpty() ? "" : ", types = {" + String.join(", ", types) + "}") + ")";
        }
        throw new UsageException("Cannot read --entities " + entities + ": give a .parquet or .csv file with columns id and event_time");
    }

    /** Checks id and event_time; returns the SQL expression of the event time as TIMESTAMPTZ. */
    private static String checkColumns(Path entities, List<DuckDb.Column> columns, List<Field> features) {
        DuckDb.Column id = null;
        DuckDb.Column time = null;
        for (DuckDb.Column col : columns) {
            if (col.name().equals("id")) {
                id = col;
            } else if (col.name().equals("event_time")) {
                time = col;
            } else if (col.name().startsWith("__")) {
                throw new UsageException("Cannot read --entities " + entities + ": column '" + col.name()
                        + "' starts with __ (reserved; rename it)");
            }
            for (Field f : features) {
                if (f.name().equals(col.name())) {
                    throw new UsageException("Cannot read --entities " + entities + ": column '" + col.name()
                            + "' has the name of a feature (rename it, or leave the feature out with --exclude)");
                }
            }
        }
        String names = String.join(", ", columns.stream().map(DuckDb.Column::name).toList());
        if (id == null) {
            throw new UsageException("Cannot read --entities " + entities + ": it has no column 'id' (columns: " + names + ")");
        }
        if (time == null) {
            throw new UsageException("Cannot read --entities " + entities + ": it has no column 'event_time' (columns: " + names + ")");
        }
        if (!id.type().equals("VARCHAR")) {
            throw new UsageException("Cannot read --entities " + entities + ": column 'id' is " + id.type() + " (ids are strings)");
        }
        if (ZONED_TYPES.contains(time.type())) {
            return "event_time";
        }
        if (time.type().equals("VARCHAR")) {
            return "CAST(event_time AS TIMESTAMPTZ)";
        }
        throw new UsageException("Cannot read --entities " + entities + ": column 'event_time' is " + time.type()
                + (time.type().startsWith("TIMESTAMP") ? " without a zone" : "")
                + " (need instants: a timestamp with time zone / adjusted to UTC, or ISO-8601 text with Z or an offset)");
    }

    private static void checkEventTimes(Statement s, Path entities, String relation, String eventTime) throws SQLException {
        String bad = eventTime.equals("event_time")
                ? "event_time IS NULL"
                : "event_time IS NULL OR NOT regexp_matches(event_time, " + ZONED + ") OR try_cast(event_time AS TIMESTAMPTZ) IS NULL";
        try (ResultSet rs = s.executeQuery("SELECT __row, CAST(event_time AS VARCHAR) FROM (SELECT row_number() OVER () AS __row, event_time FROM "
                + relation + ") WHERE " + bad + " ORDER BY __row LIMIT 1")) {
            if (rs.next()) {
                long row = rs.getLong(1);
                String value = rs.getString(2);
                String why = value == null ? "is null"
                        : !value.matches(".*([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$") ? "'" + value + "' has no zone"
                        : "'" + value + "' is not a timestamp";
                throw new UsageException("Cannot read --entities " + entities + ": row " + row + " event_time " + why
                        + " (write ISO-8601 instants with Z or an offset, e.g. 2026-11-24T00:00:00Z)");
            }
        }
    }

    private String select(TrainingSetPlan plan, String relation, String eventTime) {
        StringBuilder timeline = new StringBuilder();
        for (Validity v : plan.timeline()) {
            timeline.append(timeline.isEmpty() ? "" : ", ").append("(CAST(").append(Sql.literal(v.from().toString()))
                    .append(" AS TIMESTAMPTZ), ").append(Sql.literal(v.version())).append(")");
        }
        List<String> parts = new ArrayList<>();
        StringBuilder empty = new StringBuilder("SELECT CAST(NULL AS VARCHAR) AS __version, CAST(NULL AS VARCHAR) AS __id");
        for (Field f : plan.features()) {
            empty.append(", CAST(NULL AS ").append(DuckDbTypes.sqlType(f.type())).append(") AS ").append(Sql.identifier(f.name()));
        }
        parts.add(empty.append(" WHERE false").toString());
        plan.versions().forEach((version, data) -> {
            if (data.fileKeys().isEmpty()) {
                return;
            }
            StringBuilder b = new StringBuilder("SELECT ").append(Sql.literal(version)).append(" AS __version, id AS __id");
            for (Field f : plan.features()) {
                String type = DuckDbTypes.sqlType(f.type());
                b.append(", CAST(").append(data.fieldNames().contains(f.name()) ? Sql.identifier(f.name()) : "NULL")
                        .append(" AS ").append(type).append(") AS ").append(Sql.identifier(f.name()));
            }
            List<String> files = data.fileKeys().stream().map(k -> store.path(k).toString()).toList();
            parts.add(b.append(" FROM ").append(Sql.readParquet(files)).toString());
        });
        StringBuilder featureCols = new StringBuilder();
        for (Field f : plan.features()) {
            featureCols.append(", __f.").append(Sql.identifier(f.name()));
        }
        return "WITH __timeline(__from, __version) AS (VALUES " + timeline + "),"
                + " __entities AS (SELECT *, " + eventTime + " AS __t, row_number() OVER () AS __row FROM " + relation + "),"
                + " __located AS (SELECT __e.*, __tl.__version FROM __entities __e ASOF LEFT JOIN __timeline __tl ON __e.__t >= __tl.__from),"
                + " __features AS (" + String.join(" UNION ALL ", parts) + ")"
                + " SELECT __located.* EXCLUDE (__t, __row, __version)" + featureCols
                + " FROM __located LEFT JOIN __features __f ON __f.__version = __located.__version AND __f.__id = __located.id"
                + " ORDER BY __located.__row";
    }
}
