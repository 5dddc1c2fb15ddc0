package dev.featurestore.local.trainingset;

import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.trainingset.TrainingSetJoin;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSetScratch;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Training sets from inline entity rows ({@code serve}'s {@code POST /groups/{group}/training-set}): writes the
 * checked rows as a CSV in the work directory, joins it with {@link DuckDbTrainingSets} (the same ASOF JOIN as
 * the CLI) into a Parquet file there, reads the result back and deletes both files.
 */
public final class DuckDbTrainingSetJoin implements TrainingSetJoin {
    private final DuckDb db;
    private final LocalObjectStore store;
    private final Path workDir;

    public DuckDbTrainingSetJoin(DuckDb db, LocalObjectStore store, Path workDir) {
        this.db = db;
        this.store = store;
        this.workDir = workDir;
    }

    @Override
    public Joined join(TrainingSetPlan plan, List<String> extraColumns, List<EntityRow> rows) {
        return TrainingSetScratch.join(workDir, plan, dir -> {
            Path entities = dir.resolve("entities.csv");
            Path out = dir.resolve("set.parquet");
            writeCsv(entities, extraColumns, rows);
            new DuckDbTrainingSets(db, store).join(plan, entities, out);
            return read(out);
        });
    }

    private static void writeCsv(Path file, List<String> extraColumns, List<EntityRow> rows) throws IOException {
        List<Field> columns = new ArrayList<>();
        columns.add(new Field("id", FieldType.STRING));
        columns.add(new Field("event_time", FieldType.STRING));
        extraColumns.forEach(c -> columns.add(new Field(c, FieldType.STRING)));
        try (OutputStream stream = Files.newOutputStream(file); CsvRowsWriter w = CsvRowsWriter.open(stream, columns)) {
            for (EntityRow r : rows) {
                List<Object> values = new ArrayList<>();
                values.add(r.id());
                values.add(r.eventTime());
                extraColumns.forEach(c -> values.add(r.extras().get(c)));
                w.row(values);
            }
        }
    }

    private Joined read(Path parquet) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.readParquet(parquet.toAbsolutePath()))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    names.add(meta.getColumnName(i));
                }
                List<List<Object>> out = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(names.size());
                    for (int i = 1; i <= names.size(); i++) {
                        row.add(json(rs.getObject(i)));
                    }
                    out.add(row);
                }
                return new Joined(names, out);
            }
        }
    }

    /** JSON-ready values: instants as ISO-8601 UTC text, other temporal values as text. */
    private static Object json(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        return v.toString();
    }
}
