package dev.featurestore.aws.athena;

import dev.featurestore.error.UsageException;
import dev.featurestore.query.SqlDialect;
import dev.featurestore.query.SqlRenderer;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.Validity;
import dev.featurestore.types.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one Athena statement of a training set: the entity rows (a temporary table of {@code id},
 * {@code entity_row}, {@code event_micros}) are joined with the plan's validity intervals, written inline as a
 * {@code VALUES} list of {@code (version, from, until)} in epoch microseconds, and then with the group's Glue
 * table pruned to the org and the versions that still have data. An event time inside no interval (before the
 * first version, or in the interval of a version deleted by retention) gets nulls, as locally. The statement is
 * plain SQL that DuckDB runs too (the tests run it over the same Parquet files and compare with the oracle).
 */
final class TrainingSetSql {
    /** The result column that says which entity row a result row belongs to (0-based, the request's order). */
    static final String ROW = "__entity_row";
    /** Athena refuses longer query strings. */
    static final int MAX_QUERY_BYTES = 262_144;

    private static final SqlRenderer SQL = SqlRenderer.create(SqlDialect.ATHENA);
    private static final long OPEN_END = Long.MAX_VALUE;

    private TrainingSetSql() {
    }

    /** Epoch microseconds (rounded down): the resolution both engines compare event times in. */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static String select(String database, String entitiesTable, TrainingSetPlan plan) {
        List<String> intervals = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<Validity> timeline = plan.timeline();
        for (int i = 0; i < timeline.size(); i++) {
            Validity v = timeline.get(i);
            TrainingSetPlan.VersionData data = plan.versions().get(v.version());
            if (data == null || data.fileKeys().isEmpty()) {
                continue; // deleted by retention or empty: its interval matches no row, so its event times get nulls
            }
            long until = i + 1 < timeline.size() ? micros(timeline.get(i + 1).from()) : OPEN_END;
            intervals.add("(" + SQL.stringLiteral(v.version()) + ", CAST(" + micros(v.from()) + " AS BIGINT), CAST("
                    + until + " AS BIGINT))");
            if (!versions.contains(v.version())) {
                versions.add(SQL.stringLiteral(v.version()));
            }
        }
        if (intervals.isEmpty()) { // keeps the statement valid: no interval, every row gets nulls
            intervals.add("(CAST(NULL AS VARCHAR), CAST(0 AS BIGINT), CAST(0 AS BIGINT))");
        }
        StringBuilder featureColumns = new StringBuilder();
        StringBuilder selected = new StringBuilder();
        for (Field f : plan.features()) {
            featureColumns.append(", ").append(SQL.identifier(f.name()));
            selected.append(", \"__f\".").append(SQL.identifier(f.name()));
        }
        String sql = "WITH \"__timeline\"(\"__version\", \"__from\", \"__until\") AS (VALUES " + String.join(", ", intervals) + "),\n"
                + "\"__features\" AS (SELECT \"version\" AS \"__version\", \"id\" AS \"__id\"" + featureColumns
                + " FROM " + SQL.qualifiedName(database, plan.group())
                + " WHERE \"org\" = " + SQL.stringLiteral(plan.org())
                + (versions.isEmpty() ? " AND 1 = 0" : " AND \"version\" IN (" + String.join(", ", versions) + ")") + ")\n"
                + "SELECT \"__e\".\"entity_row\" AS \"" + ROW + "\"" + selected + "\n"
                + "FROM " + SQL.qualifiedName(database, entitiesTable) + " \"__e\"\n"
                + "LEFT JOIN \"__timeline\" \"__tl\" ON \"__e\".\"event_micros\" >= \"__tl\".\"__from\""
                + " AND \"__e\".\"event_micros\" < \"__tl\".\"__until\"\n"
                + "LEFT JOIN \"__features\" \"__f\" ON \"__f\".\"__version\" = \"__tl\".\"__version\" AND \"__f\".\"__id\" = \"__e\".\"id\"\n"
                + "ORDER BY \"__e\".\"entity_row\"";
        int bytes = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_QUERY_BYTES) {
            throw new UsageException("Cannot build a training set of group '" + plan.group() + "' for org '" + plan.org()
                    + "' on AWS: its " + intervals.size() + " validity intervals and " + plan.features().size() + " features make a "
                    + bytes + "-byte Athena statement, over Athena's " + MAX_QUERY_BYTES + " (select fewer features, or keep"
                    + " fewer versions with retention: { keep_versions: N })");
        }
        return sql;
    }
}
