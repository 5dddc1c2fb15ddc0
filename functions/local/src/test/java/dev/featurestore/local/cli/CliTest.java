package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands end to end, in-process, over one small lake (2,000 customers) calculated once. */
class CliTest {
    @TempDir
    static Path lake;
    static Cli cli;

    @BeforeAll
    static void calculate() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "2000").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void calculate_printsOnePublishedLinePerOrg_andPlainLogLinesWithoutATerminal() {
        Cli.Result r = cli.run("calculate", "customer", "--org", "globex");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("customer/globex: calculating 2 functions", "customer/globex: merging 2 partials")
                .containsPattern("customer/globex: published version \\d{8}T\\d{6}Z-[0-9a-f]{4} \\(2,000 rows, 2 functions, [0-9.]+ s\\)")
                .doesNotContain("\r");
    }

    @Test
    void get_issueExample_returnsExactlyIdDistanceGender_forRowsWithAgeAtLeast30() throws Exception {
        Path out = lake.resolve("answers/example.parquet");
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "distance,gender", "--exclude", "*",
                "--filter", "age >= 30", "--format", "parquet", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        try (DuckDb db = DuckDb.open(1); Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + Sql.readParquet(out))) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            assertThat(columns).containsExactly("id", "distance", "gender");
            String version = Files.readString(lake.resolve("features/customer/org=acme/_current")).trim();
            String all = "read_parquet('" + lake.resolve("features/customer/org=acme/version=" + version) + "/*.parquet', hive_partitioning = false)";
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM " + Sql.readParquet(out) + "), "
                    + "(SELECT count(*) FROM " + all + " WHERE age >= 30), (SELECT count(*) FROM " + all + ")")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isPositive().isLessThan(rs.getLong(3));
            }
        }
    }

    @Test
    void get_csv_hasHeaderOfSelectedColumns_andLimitRows() {
        Cli.Result r = cli.run("get", "customer", "--org", "globex", "--features", "age,orders_90d", "--exclude", "*",
                "--limit", "3", "--format", "csv", "--out", lake.resolve("answers/a.csv").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(lake.resolve("answers/a.csv")).content().startsWith("id,age,orders_90d\n").hasLineCount(4);
    }

    @Test
    void get_out_saysRowsAndBytesWritten_onStderr() throws Exception {
        Path file = lake.resolve("answers/summary.parquet");
        Cli.Result r = cli.run("get", "customer", "--org", "globex", "--features", "age", "--exclude", "*",
                "--filter", "age >= 30", "--format", "parquet", "--out", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        long rows;
        try (DuckDb db = DuckDb.open(1); Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Sql.readParquet(file))) {
            rs.next();
            rows = rs.getLong(1);
        }
        String version = Files.readString(lake.resolve("features/customer/org=globex/_current")).trim();
        assertThat(r.err()).isEqualTo(String.format(java.util.Locale.ROOT, "featurestore: wrote %,d rows (%,d bytes, parquet) to %s from customer/globex version %s%n",
                rows, Files.size(file), file, version));
    }

    @Test
    void get_json_isTheHttpContractDocument() throws Exception {
        Path out = lake.resolve("answers/a.json");
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "loyalty_tier", "--exclude", "*", "--limit", "2",
                "--format", "json", "--out", out.toString());

        assertThat(r.exitCode()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        assertThat(json.get("group").asText()).isEqualTo("customer");
        assertThat(json.get("row_count").asLong()).isEqualTo(2);
        assertThat(json.get("rows").get(0).fieldNames()).toIterable().containsExactly("id", "loyalty_tier");
    }

    @Test
    void get_table_showsColumnsAndRowCount() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "gender", "--exclude", "*", "--limit", "2");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList()).first().asString().matches("id\\s+gender");
        assertThat(r.out()).endsWith("(2 rows)\n");
    }

    @Test
    void get_withoutOrg_readsTheFirstOrg_andSaysSoOnStderr() {
        Cli.Result r = cli.run("get", "customer", "--limit", "1");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("featurestore: reading org 'acme' (orgs: acme, globex; choose with --org)\n");
    }

    @Test
    void get_unknownField_exits3_listingTheKnownFields() {
        Cli.Result r = cli.run("get", "customer", "--org", "globex", "--features", "distnace");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: Cannot select fields: unknown field \"distnace\"")
                .contains("id, age, gender, birth_date, distance");
        assertThat(r.err()).doesNotContain("at dev.featurestore");
    }

    @Test
    void get_literalOfTheWrongType_exits3_namingTheFieldType() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--filter", "age >= 'thirty'");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("field \"age\" is int");
    }

    @ParameterizedTest
    @ValueSource(strings = {"age >= 30; DROP TABLE x", "age >= 30 -- c", "gender = 'a' OR 1=1)", "lower(gender) = 'f'",
            "age IN (SELECT 1)", "age >= 30 /* x */"})
    void get_hostileFilter_exits3_withoutRunningIt(String filter) {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--filter", filter);

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: Cannot ").contains("position");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void get_csvWithNoMatchingRow_isTheHeaderLineOnly_withoutABlankLine() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "gender,age", "--exclude", "*",
                "--filter", "age < 0", "--format", "csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("id,gender,age\n");
    }

    @Test
    void get_patternMatchingNoField_warnsOnStderr_andStillAnswers() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "return*", "--exclude", "*", "--limit", "1",
                "--format", "csv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("featurestore: warning: features pattern \"return*\" matches no field\n");
        assertThat(r.out()).startsWith("id\n").hasLineCount(2);
    }

    @Test
    void get_json_keepsTypes_andListsWarnings() throws Exception {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", "age,last_order_at,gender,nothing*", "--exclude", "*",
                "--limit", "3", "--format", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(json.get("columns").findValuesAsText("name")).containsExactly("id", "age", "last_order_at", "gender");
        assertThat(json.get("warnings").toString()).isEqualTo("[\"features pattern \\\"nothing*\\\" matches no field\"]");
        for (com.fasterxml.jackson.databind.JsonNode row : json.get("rows")) {
            assertThat(row.get("age").isIntegralNumber() || row.get("age").isNull()).isTrue();
            assertThat(row.get("last_order_at").isNull() || row.get("last_order_at").asText().matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z")).isTrue();
        }
    }

    @Test
    void get_parquetWithoutOut_exits2() {
        Cli.Result r = cli.run("get", "customer", "--format", "parquet");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("featurestore: Cannot write Parquet to the terminal: add --out FILE (or use --format csv|json)\n");
    }

    @Test
    void get_unknownVersion_exits3_notFound_listingTheKnownOnes() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--version", "20200101T000000Z-0000");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: Cannot find version '20200101T000000Z-0000' of group 'customer' for org 'acme'");
    }

    @Test
    void unknownGroup_exits3_notFound_listingTheKnownGroups() {
        Cli.Result r = cli.run("versions", "nosuch");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: Cannot find group 'nosuch' (known groups: customer;");
    }

    @Test
    void unknownOption_exits2_withUsageHint() {
        Cli.Result r = cli.run("get", "customer", "--colour", "red");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("featurestore: Unknown options: '--colour', 'red'");
    }

    @Test
    void versions_listsEveryOrgWithRowsAndTheCurrentMark() {
        Cli.Result r = cli.run("versions", "customer");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("config +checksum +code +sources +created")
                .containsPattern("customer +acme +\\d{8}T\\d{6}Z-[0-9a-f]{4} +2,000 +[0-9a-f]{12} +[0-9a-f]{12} +([0-9a-f]{10}\\+?|unknown) +[0-9a-f]{12} +\\S+Z +current +\\S");
        assertThat(r.out()).contains("customer globex");
    }

    @Test
    void versions_showsTheDriftSummaryAgainstThePreviousVersion_identicalDataForTheSameSources() {
        assertThat(cli.run("calculate", "customer", "--org", "acme").exitCode()).isZero();

        Cli.Result r = cli.run("versions", "customer", "--org", "acme");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("customer acme")).toList()).last().asString()
                .containsPattern("current +identical data$");
    }

    @Test
    void lakeOption_beforeTheCommand_isAcceptedToo() {
        Cli.Result r = cli.run("--lake", lake.toString(), "versions", "customer", "--org", "acme");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("customer acme");
    }

    @Test
    void validate_shippedConfig_exits0() {
        Cli.Result r = cli.run("validate");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("ok  customer: 10 fields, 2 functions, orgs acme, globex\n");
    }

    @Test
    void validate_brokenConfig_exits2_listingEveryProblem(@TempDir Path config) throws Exception {
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("shop"));
        Files.writeString(config.resolve("shop/sales.sql"), "SELECT customer_id AS id, count(*) AS sales, 1 AS extra FROM orders GROUP BY 1");
        Files.writeString(config.resolve("groups/shop.yaml"), """
                group: shop
                fields: { sales: bigint, score: number }
                functions:
                  - sql: shop/sales.sql
                orgs: { acme: {} }
                colour: red
                """);
        Files.writeString(config.resolve("groups/stock.yaml"), """
                group: stock
                fields: { level: bigint }
                functions:
                  - class: dev.example.Missing
                orgs: { acme: {} }
                """);

        Cli.Result r = cli.run("validate", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("featurestore: Cannot validate the config in ")
                .contains("unknown type 'number'", "colour", "dev.example.Missing");
    }

    @Test
    void calculate_withoutSources_exits3_tellingHowToGenerateThem(@TempDir Path empty) {
        Cli.Result r = cli.run("calculate", "customer", "--lake", empty.toString());

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("the sources are missing", "featurestore sources");
    }
}
