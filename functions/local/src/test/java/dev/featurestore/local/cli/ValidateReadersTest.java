package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} naming the consumers of a field the config removes or retypes, from the lake's usage log,
 * over a lake calculated once (both orgs) and read by two consumers; each test edits a copy of the config.
 */
class ValidateReadersTest {
    @TempDir
    static Path lake;
    @TempDir
    Path config;
    static Cli cli;

    @BeforeAll
    static void calculateAndRead() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "200").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer");
        assertThat(r.exitCode()).as(r.err()).isZero();
        read("ltv-model", "orders_total,age");
        read("churn-model", "age");
    }

    private static void read(String consumer, String features) {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--features", features, "--exclude", "*",
                "--consumer", consumer, "--limit", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @BeforeEach
    void copyConfig() throws IOException {
        TestFiles.copyTree(TestConfig.configDir(), config);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = config.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    private Cli.Result validate() {
        return cli.run("validate", "--config", config.toString());
    }

    @Test
    void validate_warnsNamingTheConsumers_ofARemovedAndARetypedField_andExits0() throws IOException {
        edit("groups/customer.yaml", "  orders_total: { type: bigint, description: Orders placed since the customer signed up, unit: orders, tags: [activity] }\n", "");
        edit("customer/orders.sql", ", p.orders_total\n", "\n");
        edit("groups/customer.yaml", "  age: { type: int,", "  age: { type: bigint,");

        Cli.Result r = validate();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ok  customer: ");
        assertThat(r.err()).isEqualTo(""
                + "featurestore: warning: customer (orgs acme, globex): the config changes the type of field age (int -> bigint), which "
                + "churn-model, ltv-model read in the last 30 days; tell them before it is calculated (featurestore plan shows every change)\n"
                + "featurestore: warning: customer (orgs acme, globex): the config removes field orders_total (bigint), which "
                + "ltv-model read in the last 30 days; tell them before it is calculated (featurestore plan shows every change)\n");
    }

    @Test
    void validate_saysNothing_whenTheRemovedFieldWasNotRead_orOnlyAFieldIsAdded() throws IOException {
        edit("groups/customer.yaml", "      loyalty_tier: {", "      churn_risk: double\n      loyalty_tier: {");
        edit("groups/customer.yaml", "      - class: dev.featurestore.features.customer.AcmeLoyalty\n",
                "      - class: dev.featurestore.features.customer.AcmeLoyalty\n      - sql: customer/churn.sql\n        fields: [churn_risk]\n");
        Files.writeString(config.resolve("customer/churn.sql"), "SELECT customer_id AS id, 0.5 AS churn_risk FROM orders GROUP BY 1");

        Cli.Result added = validate();

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.err()).isEmpty();
    }

    @Test
    void validate_againstAnEmptyLake_warnsAboutNothing() {
        Cli.Result r = new Cli(config.resolve("no-lake-yet")).run("validate", "--config", config.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
