package dev.featurestore.bench;

import dev.featurestore.merge.Partial;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.List;

/** The merge workload (docs/benchmarks.md): four partials, their columns and the declared output. */
final class Workload {

    static final Schema P1 = Schema.of(new Field("f1_a", FieldType.DOUBLE), new Field("f1_b", FieldType.DOUBLE),
            new Field("f1_c", FieldType.DOUBLE), new Field("f1_n", FieldType.BIGINT));
    static final Schema P2 = Schema.of(new Field("f2_cat", FieldType.STRING), new Field("f2_city", FieldType.STRING),
            new Field("f2_flag", FieldType.BOOLEAN));
    static final Schema P3 = Schema.of(new Field("f3_ts", FieldType.TIMESTAMP), new Field("f3_x", FieldType.DOUBLE),
            new Field("f3_y", FieldType.DOUBLE));
    static final Schema P4 = Schema.of(new Field("f4_0", FieldType.DOUBLE), new Field("f4_1", FieldType.DOUBLE),
            new Field("f4_2", FieldType.DOUBLE), new Field("f4_3", FieldType.DOUBLE), new Field("f4_4", FieldType.DOUBLE));
    static final List<Schema> PARTIALS = List.of(P1, P2, P3, P4);
    static final double[] COVERAGE = {1.0, 0.9, 0.8, 0.7};
    static final Schema OUTPUT = P1.plus(P2).plus(P3).plus(P4);

    private Workload() {
    }

    static List<Partial> partials(Path dir) {
        return List.of(new Partial("p1", dir.resolve("p1.parquet")), new Partial("p2", dir.resolve("p2.parquet")),
                new Partial("p3", dir.resolve("p3.parquet")), new Partial("p4", dir.resolve("p4.parquet")));
    }

    /** DuckDB's side: the same FULL JOIN with the casts to the declared types, written as snappy Parquet. */
    static String duckDbCopy(Path dataDir, Path outFile) {
        StringBuilder select = new StringBuilder("SELECT id");
        for (Field f : OUTPUT.fields()) {
            select.append(", ").append(f.name()).append("::").append(f.type().kind() == dev.featurestore.types.TypeKind.STRING
                    ? "VARCHAR" : f.type().sqlName().toUpperCase(java.util.Locale.ROOT)).append(" AS ").append(f.name());
        }
        return "COPY (" + select + " FROM read_parquet('" + dataDir.resolve("p1.parquet") + "') p1"
                + " FULL JOIN read_parquet('" + dataDir.resolve("p2.parquet") + "') p2 USING (id)"
                + " FULL JOIN read_parquet('" + dataDir.resolve("p3.parquet") + "') p3 USING (id)"
                + " FULL JOIN read_parquet('" + dataDir.resolve("p4.parquet") + "') p4 USING (id)"
                + ") TO '" + outFile + "' (FORMAT parquet, COMPRESSION snappy)";
    }
}
