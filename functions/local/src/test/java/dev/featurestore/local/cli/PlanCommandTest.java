package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code featurestore plan} over a lake calculated once from a copy of the shipped config, which each test then edits. */
class PlanCommandTest {
    @TempDir
    static Path lake;
    @TempDir
    Path config;
    static Cli cli;

    @BeforeAll
    static void calculate() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "300").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @BeforeEach
    void copyConfig() throws IOException {
        Path shipped = TestConfig.repoRoot().resolve("config");
        try (Stream<Path> files = Files.walk(shipped)) {
            for (Path p : files.toList()) {
                Path target = config.resolve(shipped.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private Cli.Result plan(String... more) {
        String[] args = Stream.concat(Stream.of("plan", "--config", config.toString()), Stream.of(more)).toArray(String[]::new);
        return cli.run(args);
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = config.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    @Test
    void plan_exits0_whenTheLakeMatchesTheConfig() {
        Cli.Result r = plan();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("No changes: every group and org of the config matches its newest version.");
    }

    @Test
    void plan_namesTheConsumersThatReadAFieldAChangeBreaks() throws IOException {
        assertThat(cli.run("get", "customer", "--org", "acme", "--features", "orders_total", "--exclude", "*",
                "--consumer", "ltv-model", "--limit", "1").exitCode()).isZero();
        edit("groups/customer.yaml", "  orders_total: { type: bigint, description: Orders placed since the customer signed up, unit: orders, tags: [activity] }\n", "");
        edit("customer/orders.sql", ", p.orders_total\n", "\n");

        Cli.Result r = plan();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).containsPattern("  - field orders_total \\(bigint\\) BREAKS: [^\n]*\n      read in the last 30 days by: ltv-model\n");
    }

    @Test
    void plan_exits4_listingEveryChangePerOrg_andFlagsWhatBreaks() throws IOException {
        edit("groups/customer.yaml", "  age: { type: int,", "  age: { type: bigint,");
        edit("groups/customer.yaml", "      loyalty_tier: {", "      churn_risk: double\n      loyalty_tier: {");
        edit("groups/customer.yaml", "  orders_total: { type: bigint, description: Orders placed since the customer signed up, unit: orders, tags: [activity] }\n", "");
        edit("customer/orders.sql", ", p.orders_total\n", "\n");
        edit("groups/customer.yaml", "      - class: dev.featurestore.features.customer.AcmeLoyalty\n",
                "      - class: dev.featurestore.features.customer.AcmeLoyalty\n      - sql: customer/churn.sql\n        fields: [churn_risk]\n");
        Files.writeString(config.resolve("customer/churn.sql"), "SELECT customer_id AS id, 0.5 AS churn_risk FROM orders GROUP BY 1");
        edit("groups/customer.yaml", "  globex:\n", "  initech: {}\n  globex:\n");

        Cli.Result r = plan();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).contains(
                "customer/acme\n",
                "  ~ field age (int -> bigint) BREAKS: published version ",
                "  + field churn_risk (double)",
                "  - field orders_total (bigint) BREAKS: published version ",
                "  ~ function orders (SQL text changed)",
                "  + function churn (sql)",
                "customer/initech\n  + org initech (first calculation)",
                "customer/globex\n");
        assertThat(r.out()).doesNotContain("customer/globex\n  + function churn");
        assertThat(r.out()).containsPattern("\\d+ changes \\(\\d+ breaking\\)\\. Nothing was changed");
        Cli.Result again = plan();
        assertThat(again.out()).isEqualTo(r.out()); // nothing was applied
    }

    @Test
    void plan_invalidConfig_exits2_withEveryProblem() throws IOException {
        edit("groups/customer.yaml", "  gender: {", "  extra: int\n  gender: {");

        Cli.Result r = plan();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("fields.extra: field 'extra' is declared but no function produces it");
    }

    @Test
    void plan_withAnEnvironment_restrictsTheOrgs() throws IOException {
        edit("groups/customer.yaml", "  globex:\n    params: { home_lat: 48.8566,", "  globex:\n    params: { home_lat: 48.0,");
        edit("environments/dev.yaml", "orgs: [acme, globex]", "orgs: [acme]");
        edit("environments/dev.yaml", "[acme, globex]   #", "[acme]   #");

        Cli.Result all = plan();
        Cli.Result dev = plan("-c", "env=dev");

        assertThat(all.exitCode()).isEqualTo(4);
        assertThat(all.out()).contains("customer/globex\n  ~ params params (config hash ");
        assertThat(dev.out()).contains("(environment dev: orgs acme)", "No changes");
        assertThat(dev.exitCode()).as(dev.err()).isZero();
    }

    @Test
    void plan_unknownContext_exits2_unknownEnvironment_exits3NotFound() {
        Cli.Result context = plan("-c", "stage=dev");
        Cli.Result env = plan("-c", "env=nope");

        assertThat(context.exitCode()).isEqualTo(2);
        assertThat(context.err()).contains("Cannot plan: unknown context 'stage' (the only one is -c env=NAME)");
        assertThat(env.exitCode()).isEqualTo(3);
        assertThat(env.err()).contains("Cannot find environment 'nope' (known environments: dev, prod;");
    }
}
