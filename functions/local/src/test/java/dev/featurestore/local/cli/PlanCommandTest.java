package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestFiles;
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
        TestFiles.copyTree(TestConfig.configDir(), config);
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
        Cli.Result dev = plan("-c", "env=dev", "--local-lake");

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
        assertThat(context.err()).contains("Cannot plan: unknown context 'stage' (known: -c env=NAME, -c account=ID)");
        assertThat(env.exitCode()).isEqualTo(3);
        assertThat(env.err()).contains("Cannot find environment 'nope' (known environments: dev, prod;");
    }

    @Test
    void plan_reportsAChangedSchedule_againstTheScheduleTheVersionRecorded() throws IOException {
        edit("groups/customer.yaml", "schedule: cron(0 3 * * ? *)", "schedule: rate(6 hours)");

        Cli.Result changed = plan();

        assertThat(changed.exitCode()).as(changed.err()).isEqualTo(4);
        assertThat(changed.out()).contains("customer/acme\n  ~ schedule rate(6 hours) (was cron(0 3 * * ? *))\n",
                "customer/globex\n  ~ schedule rate(6 hours) (was cron(0 3 * * ? *))\n");
        edit("groups/customer.yaml", "schedule: rate(6 hours)", "");
        assertThat(plan().out()).contains("customer/acme\n  - schedule cron(0 3 * * ? *) (recalculated only when started)\n");
    }

    @Test
    void plan_againstAnEnvironment_withoutTheAwsAdapter_orItsAccount_exits2_sayingWhatToDo() throws IOException {
        Cli.Result noAccount = plan("-c", "env=dev");
        Cli.Result noAdapter = plan("-c", "env=dev", "-c", "account=123456789012");
        Cli.Result accountAlone = plan("-c", "account=123456789012");
        Cli.Result localAlone = plan("--local-lake");

        assertThat(noAccount.exitCode()).isEqualTo(2);
        assertThat(noAccount.err()).contains("Cannot plan against environment 'dev': its bucket featurestore-dev-{account}-{region} names "
                + "{account} and no account is given (pass -c account=ID or set account: in the environment file)");
        assertThat(noAdapter.exitCode()).isEqualTo(2);
        assertThat(noAdapter.err()).contains("Cannot plan against environment 'dev': the AWS adapter is not on the classpath "
                + "(run ./featurestore plan, which adds the functions/aws jar, or pass --local-lake to compare with the local lake)");
        assertThat(accountAlone.exitCode()).isEqualTo(2);
        assertThat(accountAlone.err()).contains("Cannot plan: -c account=ID is for an environment's bucket (add -c env=NAME)");
        for (String hostile : new String[] {"12345678901", "1234567890123", "../../etc", "12345678901\n", "１２３４５６７８９０１２", ""}) {
            Cli.Result bad = plan("-c", "env=dev", "-c", "account=" + hostile);
            assertThat(bad.exitCode()).as(hostile).isEqualTo(2);
            assertThat(bad.err()).as(hostile).contains("Cannot plan: account '" + dev.featurestore.ids.Identifier.shown(hostile)
                    + "' is not an AWS account id (12 digits)");
        }
        assertThat(localAlone.exitCode()).isEqualTo(2);
        assertThat(localAlone.err()).contains("Cannot plan: --local-lake is for an environment (add -c env=NAME; without it the plan reads the local lake)");
    }
}
