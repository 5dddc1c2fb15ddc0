package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQL function whose output type does not fit its declared field fails validate, and calculate before any function runs. */
class TypeCheckTest {
    @TempDir
    static Path lake;
    static Cli cli;

    static final String PROBLEM = "customer.yaml: functions[0]: SQL function 'orders' (customer/orders.sql) returns column 'orders_90d' as BIGINT,"
            + " but field 'orders_90d' is declared string (orgs acme, globex)"
            + " (declare fields.orders_90d as bigint, or cast it in the SQL: CAST(... AS VARCHAR) AS orders_90d)";

    @BeforeAll
    static void sources() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "200").exitCode()).isZero();
    }

    private static Path configWith(Path dir, String from, String to) throws IOException {
        TestFiles.copyTree(TestConfig.configDir(), dir);
        Path group = dir.resolve("groups/customer.yaml");
        String yaml = Files.readString(group);
        assertThat(yaml).contains(from);
        Files.writeString(group, yaml.replace(from, to));
        return dir;
    }

    @Test
    void validate_bigintDeclaredString_exits2_namingFileColumnBothTypesAndFix_once(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  orders_90d: { type: bigint,", "  orders_90d: { type: string,");

        Cli.Result r = cli.run("validate", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(PROBLEM).contains("1 problem (fix each)");
        assertThat(r.err().split("functions\\[0\\]", -1)).hasSize(2);
    }

    @Test
    void calculate_bigintDeclaredString_exits2_beforeAnyFunctionRuns_errorPrintedOnce(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  orders_90d: { type: bigint,", "  orders_90d: { type: string,");

        Cli.Result r = cli.run("calculate", "customer", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(PROBLEM);
        assertThat((r.out() + r.err()).split("functions\\[0\\]", -1)).as(r.out() + r.err()).hasSize(2);
        assertThat(r.out()).doesNotContain("calculating");
        assertThat(lake.resolve("features/customer/org=acme")).doesNotExist();
    }

    @Test
    void validate_decimalDeclaredDate_suggestsTheDecimalOrACast(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  revenue_90d: { type: \"decimal(12,2)\",", "  revenue_90d: { type: date,");

        Cli.Result r = cli.run("validate", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("returns column 'revenue_90d' as DECIMAL(38,2), but field 'revenue_90d' is declared date (orgs acme, globex)"
                + " (declare fields.revenue_90d as decimal(38,2), or cast it in the SQL: CAST(... AS DATE) AS revenue_90d)");
    }

    @Test
    void validate_bigintDeclaredDouble_isFine(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  orders_90d: { type: bigint,", "  orders_90d: { type: double,");

        assertThat(cli.run("validate", "--config", config.toString()).exitCode()).isZero();
    }

    @Test
    void validate_sqlThatListsItsFields_isTypeCheckedToo(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  - sql: customer/orders.sql",
                "  - sql: customer/orders.sql\n    fields: [orders_90d, revenue_90d, last_order_at, favourite_category, orders_total]");
        Files.writeString(config.resolve("groups/customer.yaml"), Files.readString(config.resolve("groups/customer.yaml"))
                .replace("  orders_90d: { type: bigint,", "  orders_90d: { type: string,"));

        Cli.Result r = cli.run("validate", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(PROBLEM);
    }

    @Test
    void calculate_mergeFailure_namesThePartial_notItsDeletedScratchPath_once(@TempDir Path dir) throws IOException {
        Path config = configWith(dir, "  - sql: customer/orders.sql", "  - sql: customer/orders.sql");
        String sql = Files.readString(config.resolve("customer/orders.sql"));
        Files.writeString(config.resolve("customer/orders.sql"), sql + "\nUNION ALL\n"
                + "SELECT p.id, p.orders_90d, p.revenue_90d, p.last_order_at, NULL, p.orders_total FROM per_customer p");

        Cli.Result r = cli.run("calculate", "customer", "--org", "globex", "--config", config.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: Cannot merge partial 'orders': id '").contains("occurs more than once")
                .doesNotContain("staging").doesNotContain(".parquet");
        assertThat(r.err().split("Cannot merge", -1)).hasSize(2);
        Cli.Result runs = cli.run("runs", "customer", "--org", "globex", "--config", config.toString());
        assertThat(runs.out()).containsPattern("FAILED +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +[0-9.]+ s +orders +Cannot merge partial 'orders': id '");
    }
}
