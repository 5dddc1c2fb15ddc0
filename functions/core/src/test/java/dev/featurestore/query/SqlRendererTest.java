package dev.featurestore.query;

import static dev.featurestore.query.TestSchemas.ALL_TYPES;
import static dev.featurestore.query.TestSchemas.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.QueryException;
import dev.featurestore.types.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlRendererTest {
    private final SqlRenderer duckdb = SqlRenderer.create(SqlDialect.DUCKDB);
    private final SqlRenderer athena = SqlRenderer.create(SqlDialect.ATHENA);

    private String duck(String filter) {
        return duckdb.expression(FilterParser.parse(filter, ALL_TYPES));
    }

    private String trino(String filter) {
        return athena.expression(FilterParser.parse(filter, ALL_TYPES));
    }

    @Test
    void rendersTheOriginalStoreQuery_forDuckDb() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme")
                .features("distance", "gender").exclude("*").filters("age >= 30").limit(10).build();
        String sql = duckdb.select(QueryPlan.of(q, CUSTOMER), "read_parquet(['/lake/part-0.parquet'])");
        assertThat(sql).isEqualTo("SELECT \"id\", \"distance\", \"gender\" FROM read_parquet(['/lake/part-0.parquet'])"
                + " WHERE \"age\" >= 30 LIMIT 10");
    }

    @Test
    void rendersPartitionPredicatesBeforeTheFilter_forAthena() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme")
                .features("age").filters("age >= 30 OR gender = 'f'", "distance < 5").build();
        Map<String, String> partitions = new LinkedHashMap<>();
        partitions.put("org", "acme");
        partitions.put("version", "20261124T031500Z-3f9a");
        String sql = athena.select(QueryPlan.of(q, CUSTOMER), athena.qualifiedName("featurestore_dev", "customer"),
                partitions);
        assertThat(sql).isEqualTo("SELECT \"id\", \"age\" FROM \"featurestore_dev\".\"customer\" WHERE \"org\" = 'acme'"
                + " AND \"version\" = '20261124T031500Z-3f9a'"
                + " AND ((\"age\" >= 30 OR \"gender\" = 'f') AND \"distance\" < DOUBLE '5.0')");
    }

    @Test
    void rendersNoWhere_whenThereIsNoFilterNorPartition() {
        FeatureQuery q = FeatureQuery.builder("customer", "acme").build();
        assertThat(duckdb.select(QueryPlan.of(q, CUSTOMER), "t"))
                .isEqualTo("SELECT \"id\", \"age\", \"gender\", \"distance\", \"orders_90d\", \"last_order_at\" FROM t");
    }

    @Test
    void quotesIdentifiers_doublingQuotes() {
        assertThat(duckdb.identifier("we\"ird name")).isEqualTo("\"we\"\"ird name\"");
        assertThat(duckdb.qualifiedName("db", "t")).isEqualTo("\"db\".\"t\"");
    }

    @Test
    void escapesStringLiterals_byDoublingQuotes() {
        assertThat(duck("s = 'o''brien''; DROP TABLE x; --'")).isEqualTo("\"s\" = 'o''brien''; DROP TABLE x; --'");
    }

    @Test
    void rendersTypedLiterals() {
        assertThat(duck("b = true")).isEqualTo("\"b\" = TRUE");
        assertThat(duck("i = -7")).isEqualTo("\"i\" = -7");
        assertThat(duck("l = 9223372036854775807")).isEqualTo("\"l\" = 9223372036854775807");
        assertThat(duck("f = 0.1")).isEqualTo("\"f\" = REAL '0.1'");
        assertThat(duck("d = 1e10")).isEqualTo("\"d\" = DOUBLE '1.0E10'");
        assertThat(duck("dt = '2024-01-31'")).isEqualTo("\"dt\" = DATE '2024-01-31'");
    }

    @Test
    void rendersDecimalsExactly_perDialect() {
        assertThat(duck("m = 1.2345")).isEqualTo("\"m\" = 1.2345");
        assertThat(trino("m = 1.2345")).isEqualTo("\"m\" = DECIMAL '1.2345'");
        assertThat(trino("m = 1e3")).isEqualTo("\"m\" = DECIMAL '1000'");
    }

    @Test
    void rendersTimestamps_withMillisecondsOnAthena() {
        assertThat(duck("ts = '2024-01-01 10:00:00'")).isEqualTo("\"ts\" = TIMESTAMP '2024-01-01 10:00:00'");
        assertThat(trino("ts = '2024-01-01 10:00:00'")).isEqualTo("\"ts\" = TIMESTAMP '2024-01-01 10:00:00.000'");
        assertThat(duck("ts = '2024-01-01 10:00:00.5'")).isEqualTo("\"ts\" = TIMESTAMP '2024-01-01 10:00:00.500'");
        assertThat(trino("ts = '2024-01-01 10:00:00.000001'"))
                .isEqualTo("\"ts\" = TIMESTAMP '2024-01-01 10:00:00.000001'");
    }

    @Test
    void rendersEveryPredicateForm() {
        assertThat(duck("NOT (i IN (1, 2) OR s NOT IN ('a')) AND l NOT BETWEEN 1 AND 2 AND s IS NOT NULL"))
                .isEqualTo("NOT (\"i\" IN (1, 2) OR \"s\" NOT IN ('a')) AND (\"l\" NOT BETWEEN 1 AND 2)"
                        + " AND \"s\" IS NOT NULL");
    }

    @Test
    void rendersLikeWithEscape_onlyWhenThePatternHasABackslash() {
        assertThat(duck("s LIKE 'a%'")).isEqualTo("\"s\" LIKE 'a%'");
        assertThat(duck("s NOT LIKE '100\\%'")).isEqualTo("\"s\" NOT LIKE '100\\%' ESCAPE '\\'");
    }

    @Test
    void rejectsNulInLiteralsBuiltWithoutTheParser() {
        Expr e = new Expr.Compare("s", CompareOp.EQ, Literal.of(FieldType.STRING, "a\0b"));
        assertThatThrownBy(() -> duckdb.expression(e))
                .isInstanceOf(QueryException.class)
                .hasMessage("Cannot render string literal: it contains a NUL character (U+0000)");
    }

    @Test
    void rendersLiteralsBuiltInJava() {
        assertThat(athena.literal(Literal.of(FieldType.decimal(5, 2), new BigDecimal("-0.50")))).isEqualTo("DECIMAL '-0.50'");
        assertThat(athena.literal(Literal.of(FieldType.TIMESTAMP, Instant.parse("2024-01-01T23:59:59.999Z"))))
                .isEqualTo("TIMESTAMP '2024-01-01 23:59:59.999'");
    }

    @Test
    void rendersAthenaUnloadToParquet() {
        assertThat(athena.unloadParquet("SELECT \"id\" FROM \"db\".\"t\"", "s3://bucket/results/q-1/"))
                .isEqualTo("UNLOAD (SELECT \"id\" FROM \"db\".\"t\") TO 's3://bucket/results/q-1/'"
                        + " WITH (format = 'PARQUET', compression = 'SNAPPY')");
        assertThatThrownBy(() -> duckdb.unloadParquet("SELECT 1", "s3://b/p/")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> athena.unloadParquet("SELECT 1", "s3://b/p")).isInstanceOf(IllegalArgumentException.class);
    }
}
