package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partials written by another engine (DuckDB, in the test) merge with every value intact, and DuckDB reads the
 * merged output back with the declared types.
 */
class ForeignWriterTest {

    /** Every kind of column DuckDB writes, with nulls, low-cardinality (dictionary) and unique (plain) values. */
    private static final String SOURCE = """
            SELECT 'id-' || i AS id,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE 'cat' || (i % 5) END AS s_dict,
                   'unique-ü-' || i AS s_plain,
                   i % 3 = 0 AS b,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE (i * 37)::INTEGER END AS i32,
                   (i % 100)::SMALLINT AS i16,
                   (i * 1000003)::BIGINT AS i64,
                   (i * 3)::INTEGER AS i32_as_bigint,
                   (i * 7)::BIGINT AS i64_as_int,
                   (i / 8.0)::FLOAT AS f,
                   i / 3.0 AS d,
                   (i / 4.0)::FLOAT AS f_as_double,
                   (i % 1000)::INTEGER AS i32_as_double,
                   ((i % 79) * 1.25)::DECIMAL(4,2) AS dec_small,
                   (i * 1.25)::DECIMAL(12,2) AS dec_mid,
                   (i * 1.25)::DECIMAL(30,2) AS dec_wide,
                   DATE '2020-01-01' + (i % 2000)::INTEGER AS dt,
                   TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(i * 1234567) AS ts_us,
                   (TIMESTAMP '2020-01-01 00:00:00' + to_milliseconds(i * 1234))::TIMESTAMP_MS AS ts_ms,
                   (TIMESTAMP '2021-06-01 12:00:00.123456' + to_microseconds(i))::TIMESTAMP_NS AS ts_ns,
                   DATE '2022-02-02' + (i % 50)::INTEGER AS date_as_ts
            FROM range(5000) t(i)
            """;

    private static final Schema SCHEMA = Schema.of(
            new Field("s_dict", FieldType.STRING),
            new Field("s_plain", FieldType.STRING),
            new Field("b", FieldType.BOOLEAN),
            new Field("i32", FieldType.INT),
            new Field("i16", FieldType.INT),
            new Field("i64", FieldType.BIGINT),
            new Field("i32_as_bigint", FieldType.BIGINT),
            new Field("i64_as_int", FieldType.INT),
            new Field("f", FieldType.FLOAT),
            new Field("d", FieldType.DOUBLE),
            new Field("f_as_double", FieldType.DOUBLE),
            new Field("i32_as_double", FieldType.DOUBLE),
            new Field("dec_small", FieldType.decimal(6, 3)),
            new Field("dec_mid", FieldType.decimal(12, 2)),
            new Field("dec_wide", FieldType.decimal(30, 2)),
            new Field("dt", FieldType.DATE),
            new Field("ts_us", FieldType.TIMESTAMP),
            new Field("ts_ms", FieldType.TIMESTAMP),
            new Field("ts_ns", FieldType.TIMESTAMP),
            new Field("date_as_ts", FieldType.TIMESTAMP),
            new Field("other", FieldType.BIGINT));

    /** The source as the declared types, in DuckDB terms. */
    private static final String EXPECTED = """
            SELECT id, s_dict, s_plain, b, i32, i16::INTEGER, i64, i32_as_bigint::BIGINT, i64_as_int::INTEGER, f, d,
                   f_as_double::DOUBLE, i32_as_double::DOUBLE, dec_small::DECIMAL(6,3), dec_mid, dec_wide, dt, ts_us,
                   ts_ms::TIMESTAMP, ts_ns::TIMESTAMP, date_as_ts::TIMESTAMP, o.other
            FROM read_parquet('%s') FULL JOIN read_parquet('%s') o USING (id)
            """;

    @TempDir
    Path tmp;
    private InMemoryDuckDb duck;

    @BeforeEach
    void open() throws Exception {
        duck = InMemoryDuckDb.open();
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
    }

    private void assertRoundTrip(String options) throws Exception {
        Path source = duck.copy(SOURCE, tmp.resolve("duck.parquet"), options);
        Path other = duck.copy("SELECT 'id-' || (i * 2) AS id, i AS other FROM range(3000) t(i)", tmp.resolve("other.parquet"), options);
        MergeResult result = Merger.merge(new MergeRequest(SCHEMA, List.of(new Partial("duck", source), new Partial("other", other)),
                tmp.resolve("out"), tmp.resolve("spill"), 2, ColumnObserver.Factory.NONE));

        String out = tmp.resolve("out") + "/*.parquet";
        assertThat(result.rows()).isEqualTo(5000 + 500);
        String expected = EXPECTED.formatted(source, other);
        String actual = "SELECT * FROM read_parquet('" + out + "')";
        assertThat(duck.count("SELECT count(*) FROM (" + expected + " EXCEPT ALL " + actual + ")")).isZero();
        assertThat(duck.count("SELECT count(*) FROM (" + actual + " EXCEPT ALL " + expected + ")")).isZero();
    }

    @Test
    void mergeKeepsEveryValue_whenDuckDbWroteThePartialsWithDefaults() throws Exception {
        assertRoundTrip("");
    }

    @Test
    void mergeKeepsEveryValue_whenDuckDbWroteSnappyAndSmallRowGroups() throws Exception {
        assertRoundTrip("COMPRESSION snappy, ROW_GROUP_SIZE 1000");
    }

    @Test
    void mergeKeepsEveryValue_whenDuckDbWroteZstdV2Pages() throws Exception {
        assertRoundTrip("COMPRESSION zstd, PARQUET_VERSION v2");
    }

    @Test
    void mergeKeepsEveryValue_whenDuckDbWroteGzipUncompressed() throws Exception {
        assertRoundTrip("COMPRESSION gzip");
        Merger.deleteTree(tmp.resolve("out"));
        assertRoundTrip("COMPRESSION uncompressed");
    }

    @Test
    void duckDbFiltersMergedOutputCorrectly_whenStatisticsPruneRowGroups() throws Exception {
        Path source = duck.copy(SOURCE, tmp.resolve("duck.parquet"), "");
        Path other = duck.copy("SELECT 'x' AS id, 1 AS other", tmp.resolve("other.parquet"), "");
        Merger.merge(new MergeRequest(SCHEMA, List.of(new Partial("duck", source), new Partial("other", other)), tmp.resolve("out"),
                tmp.resolve("spill"), 2, ColumnObserver.Factory.NONE));
        String src = "read_parquet('" + source + "')";
        String out = "read_parquet('" + tmp.resolve("out") + "/*.parquet')";
        for (String where : List.of("i64 > 4000000000", "d < 10", "s_plain >= 'unique-ü-4990'", "id = 'id-77'", "b", "NOT b",
                "ts_us > TIMESTAMP '2020-01-01 01:00:00'", "dt = DATE '2020-01-05'", "dec_mid > 6000", "f <= 1.5", "i32 IS NULL AND id <> 'x'")) {
            assertThat(duck.count("SELECT count(*) FROM " + out + " WHERE " + where))
                    .as(where).isEqualTo(duck.count("SELECT count(*) FROM " + src + " WHERE " + where));
        }
    }

    @Test
    void duckDbReadsDeclaredTypes_whenReadingMergedOutput() throws Exception {
        Path source = duck.copy(SOURCE, tmp.resolve("duck.parquet"), "");
        Path other = duck.copy("SELECT 'x' AS id, 1 AS other", tmp.resolve("other.parquet"), "");
        Merger.merge(MergeRequest.of(SCHEMA, List.of(new Partial("duck", source), new Partial("other", other)), tmp.resolve("out"), tmp));
        List<List<String>> described = duck.rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                + tmp.resolve("out") + "/*.parquet'))");
        assertThat(described).containsExactly(
                List.of("id", "VARCHAR"), List.of("s_dict", "VARCHAR"), List.of("s_plain", "VARCHAR"), List.of("b", "BOOLEAN"),
                List.of("i32", "INTEGER"), List.of("i16", "INTEGER"), List.of("i64", "BIGINT"), List.of("i32_as_bigint", "BIGINT"),
                List.of("i64_as_int", "INTEGER"), List.of("f", "FLOAT"), List.of("d", "DOUBLE"), List.of("f_as_double", "DOUBLE"),
                List.of("i32_as_double", "DOUBLE"), List.of("dec_small", "DECIMAL(6,3)"), List.of("dec_mid", "DECIMAL(12,2)"),
                List.of("dec_wide", "DECIMAL(30,2)"), List.of("dt", "DATE"), List.of("ts_us", "TIMESTAMP"), List.of("ts_ms", "TIMESTAMP"),
                List.of("ts_ns", "TIMESTAMP"), List.of("date_as_ts", "TIMESTAMP"), List.of("other", "BIGINT"));
    }
}
