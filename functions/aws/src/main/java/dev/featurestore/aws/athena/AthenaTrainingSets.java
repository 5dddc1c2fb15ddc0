package dev.featurestore.aws.athena;

import dev.featurestore.aws.glue.TemporaryTables;
import dev.featurestore.error.QueryException;
import dev.featurestore.function.SourceRows;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.trainingset.TrainingSetJoin;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSetScratch;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Training sets on AWS ({@code POST /groups/{group}/training-set} on the Query Lambda): the checked entity rows are
 * written as Parquet ({@link #ENTITY_SCHEMA}: id, event time, row number, event time in epoch microseconds) and
 * registered as a temporary Glue table ({@link TemporaryTables}); one Athena statement ({@link TrainingSetSql})
 * finds each row's version from the validity intervals and joins its features; the answer is built in entity
 * order with each row's own id, event time and extra columns, which stay in the Lambda (so they keep the JSON
 * types they were sent with). The table and its objects are removed whether the query succeeds or fails.
 */
public final class AthenaTrainingSets implements TrainingSetJoin {
    /** The entity rows as Athena reads them (after {@code id}). */
    static final Schema ENTITY_SCHEMA = Schema.of(new Field("event_time", FieldType.STRING),
            new Field("entity_row", FieldType.BIGINT), new Field("event_micros", FieldType.BIGINT));

    private final TemporaryTables tables;
    private final Function<String, SourceRows> athena;
    private final Path workDir;

    /**
     * @param athena runs a SELECT in the API workgroup and streams its rows
     * @param workDir local scratch for the Parquet file before its upload
     */
    public AthenaTrainingSets(TemporaryTables tables, Function<String, SourceRows> athena, Path workDir) {
        this.tables = tables;
        this.athena = athena;
        this.workDir = workDir;
    }

    @Override
    public Joined join(TrainingSetPlan plan, List<String> extraColumns, List<EntityRow> rows) {
        return TrainingSetScratch.join(workDir, plan, dir -> {
            Path file = dir.resolve("entities.parquet");
            write(file, rows);
            try (TemporaryTables.Table table = tables.create("training-set entity rows of group " + plan.group()
                    + " for org " + plan.org(), ENTITY_SCHEMA, file)) {
                return joined(plan, extraColumns, rows, TrainingSetSql.select(tables.database(), table.name(), plan));
            }
        });
    }

    /** Writes the entity rows in their order, numbered from 0. */
    static void write(Path file, List<EntityRow> rows) {
        try (ParquetRowWriter w = ParquetRowWriter.create(file, ENTITY_SCHEMA)) {
            for (int i = 0; i < rows.size(); i++) {
                EntityRow r = rows.get(i);
                w.id(r.id());
                byte[] time = r.eventTime().getBytes(StandardCharsets.UTF_8);
                w.writeBinary(0, time, 0, time.length);
                w.writeLong(1, i);
                w.writeLong(2, TrainingSetSql.micros(Instant.parse(r.eventTime())));
                w.endRow();
            }
        }
    }

    private Joined joined(TrainingSetPlan plan, List<String> extraColumns, List<EntityRow> rows, String sql) {
        List<String> columns = new ArrayList<>(List.of("id", "event_time"));
        columns.addAll(extraColumns);
        plan.features().forEach(f -> columns.add(f.name()));
        List<List<Object>> out = new ArrayList<>(rows.size());
        boolean[] seen = new boolean[rows.size()];
        int distinct = 0;
        try (SourceRows result = athena.apply(sql)) {
            while (result.next()) {
                int index = Math.toIntExact(result.getLong(TrainingSetSql.ROW));
                if (index < 0 || index >= rows.size()) {
                    throw new QueryException("Cannot build a training set of group '" + plan.group() + "': Athena answered entity"
                            + " row " + index + " of " + rows.size());
                }
                distinct += seen[index] ? 0 : 1;
                seen[index] = true;
                EntityRow entity = rows.get(index);
                List<Object> row = new ArrayList<>(columns.size());
                row.add(entity.id());
                row.add(entity.eventTime());
                extraColumns.forEach(c -> row.add(entity.extras().get(c)));
                for (Field f : plan.features()) {
                    row.add(json(result.get(f.name())));
                }
                out.add(row);
            }
        }
        if (distinct != rows.size()) {
            throw new QueryException("Cannot build a training set of group '" + plan.group() + "' for org '" + plan.org()
                    + "': Athena answered " + distinct + " of the " + rows.size() + " entity rows (every row must come back)");
        }
        return new Joined(columns, out);
    }

    /** JSON-ready values as the local engine gives them: instants and dates as ISO-8601 text. */
    private static Object json(Object v) {
        if (v instanceof Instant t) {
            return t.toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        return v;
    }
}
