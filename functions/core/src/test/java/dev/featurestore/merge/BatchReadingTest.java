package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.parquet.ColumnBatch;
import dev.featurestore.parquet.ColumnBatchReader;
import dev.featurestore.parquet.ColumnCast;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition phase reads columns in batches ({@link ColumnBatchReader}); every value must equal what the value
 * by value reader and {@link ColumnCast} give, whatever the batch size, the encoding (dictionary, plain, v2 pages)
 * and the cast.
 */
class BatchReadingTest {

    @TempDir
    Path tmp;

    /** Column name → declared type, for the DuckDB file below. */
    private static final Map<String, FieldType> DECLARED = Map.ofEntries(
            Map.entry("s_dict", FieldType.STRING), Map.entry("s_plain", FieldType.STRING), Map.entry("b", FieldType.BOOLEAN),
            Map.entry("i32", FieldType.INT), Map.entry("i16", FieldType.INT), Map.entry("i64", FieldType.BIGINT),
            Map.entry("i32_as_bigint", FieldType.BIGINT), Map.entry("u32", FieldType.BIGINT), Map.entry("f", FieldType.FLOAT),
            Map.entry("d", FieldType.DOUBLE), Map.entry("f_as_double", FieldType.DOUBLE), Map.entry("i32_as_double", FieldType.DOUBLE),
            Map.entry("dec", FieldType.decimal(12, 2)), Map.entry("dt", FieldType.DATE), Map.entry("ts_us", FieldType.TIMESTAMP),
            Map.entry("ts_ms", FieldType.TIMESTAMP), Map.entry("ts_ns", FieldType.TIMESTAMP), Map.entry("date_as_ts", FieldType.TIMESTAMP));

    private static final String SOURCE = """
            SELECT 'id-' || i AS id,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE 'cat' || (i % 5) END AS s_dict,
                   CASE WHEN i % 13 = 0 THEN NULL ELSE 'unique-ü-' || i END AS s_plain,
                   CASE WHEN i % 17 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 37)::INTEGER END AS i32,
                   (i % 100)::SMALLINT AS i16,
                   (i * 1000003)::BIGINT AS i64,
                   (i * 3)::INTEGER AS i32_as_bigint,
                   (4000000000 - i)::UINTEGER AS u32,
                   (i / 8.0)::FLOAT AS f,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE i / 3.0 END AS d,
                   (i / 4.0)::FLOAT AS f_as_double,
                   (i % 1000)::INTEGER AS i32_as_double,
                   (i * 1.25)::DECIMAL(12,2) AS dec,
                   DATE '2020-01-01' + (i % 2000)::INTEGER AS dt,
                   TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(i * 1234567) AS ts_us,
                   (TIMESTAMP '2020-01-01 00:00:00' + to_milliseconds(i * 1234))::TIMESTAMP_MS AS ts_ms,
                   (TIMESTAMP '2021-06-01 12:00:00.123456' + to_microseconds(i))::TIMESTAMP_NS AS ts_ns,
                   DATE '2022-02-02' + (i % 50)::INTEGER AS date_as_ts
            FROM range(12000) t(i)
            """;

    @Test
    void batchesEqualValueByValueReading_forEveryCastAndBatchSize() throws Exception {
        for (String options : List.of("", "PARQUET_VERSION v2, COMPRESSION zstd", "ROW_GROUP_SIZE 5000, COMPRESSION gzip")) {
            Path file = tmp.resolve("duck-" + options.hashCode() + ".parquet");
            try (InMemoryDuckDb duck = InMemoryDuckDb.open()) {
                duck.copy(SOURCE, file, options);
            }
            try (ParquetFile pf = ParquetFile.open(file, "file")) {
                MessageType schema = pf.schema();
                for (org.apache.parquet.schema.Type t : schema.getFields()) {
                    PrimitiveType pt = t.asPrimitiveType();
                    ColumnCast cast = t.getName().equals(Schema.ID) ? null
                            : ColumnCast.of("file", pt, DECLARED.get(t.getName())).orElseThrow();
                    ColumnDescriptor column = schema.getColumnDescription(new String[] {t.getName()});
                    List<String> expected = valueByValue(pf, column, cast);
                    for (int batch : new int[] {1, 7, 2048}) {
                        assertThat(batched(pf, column, cast, batch)).as("%s, %s, batches of %d", options, t.getName(), batch)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void mergeKeepsAValueLargerThanASpillBuffer() throws Exception {
        Schema schema = Schema.of(new Field("text", FieldType.STRING), new Field("n", FieldType.BIGINT));
        String big = "x".repeat(200_000);
        Path file = tmp.resolve("big.parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(file, schema)) {
            for (int i = 0; i < 3000; i++) {
                w.write("id-" + i, new Object[] {i % 1000 == 7 ? big + i : "small-" + i, (long) i});
            }
        }
        MergeResult result = Merger.merge(new MergeRequest(schema, List.of(new Partial("fn", file)), tmp.resolve("out"),
                tmp.resolve("spill"), 2, ColumnObserver.Factory.NONE), 1);

        Map<String, Map<String, Object>> rows = MergeTesting.readById(result, schema);
        assertThat(rows).hasSize(3000);
        assertThat(rows.get("id-2007")).containsEntry("text", big + 2007).containsEntry("n", 2007L);
        assertThat(rows.get("id-2008")).containsEntry("text", "small-2008").containsEntry("n", 2008L);
    }

    private static List<String> valueByValue(ParquetFile pf, ColumnDescriptor column, ColumnCast cast) {
        List<String> values = new ArrayList<>();
        for (int g = 0; g < pf.rowGroupCount(); g++) {
            ColumnReader r = pf.rowGroup(g).column(column);
            for (long i = 0; i < pf.rowGroupRows(g); i++) {
                if (r.getCurrentDefinitionLevel() < column.getMaxDefinitionLevel()) {
                    values.add("null");
                } else if (cast == null || cast.binary()) {
                    ByteBuffer b = (cast == null ? r.getBinary() : cast.readBinary(r)).toByteBuffer();
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    values.add(Arrays.toString(bytes));
                } else {
                    values.add(Long.toString(cast.readLong(r)));
                }
                r.consume();
            }
        }
        return values;
    }

    private static List<String> batched(ParquetFile pf, ColumnDescriptor column, ColumnCast cast, int size) {
        List<String> values = new ArrayList<>();
        ColumnBatch batch = new ColumnBatch(size);
        for (int g = 0; g < pf.rowGroupCount(); g++) {
            ColumnBatchReader r = pf.rowGroup(g).batches(column, cast);
            for (long done = 0; done < pf.rowGroupRows(g); ) {
                int n = r.available((int) Math.min(size, pf.rowGroupRows(g) - done));
                r.read(n, batch);
                for (int i = 0; i < n; i++) {
                    if (batch.nulls()[i]) {
                        values.add("null");
                    } else if (cast == null || cast.binary()) {
                        values.add(Arrays.toString(Arrays.copyOfRange(batch.bytes(), batch.offsets()[i], batch.offsets()[i] + batch.lengths()[i])));
                    } else {
                        values.add(Long.toString(batch.longs()[i]));
                    }
                }
                done += n;
            }
        }
        return values;
    }
}
