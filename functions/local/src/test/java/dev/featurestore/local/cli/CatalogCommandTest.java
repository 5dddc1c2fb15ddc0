package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** catalog and usage end to end over a small calculated lake, with reads that name their consumer. */
class CatalogCommandTest {
    @TempDir
    static Path lake;
    static Cli cli;

    @BeforeAll
    static void calculateAndRead() {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "500").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer", "--org", "acme");
        assertThat(r.exitCode()).as(r.err()).isZero();
        r = cli.run("get", "customer", "--org", "acme", "--features", "distance,gender", "--exclude", "*",
                "--consumer", "churn-model", "--format", "csv", "--out", lake.resolve("a.csv").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        r = cli.run("get", "customer", "--org", "acme", "--features", "age", "--exclude", "*", "--limit", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void usage_showsEachReadersFields_andTheFieldsNobodyRead() {
        Cli.Result r = cli.run("usage", "customer");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("customer: 2 reads in the last 30 days")
                .containsPattern("churn-model\\s+1\\s+500\\s+\\S+\\s+distance \\(1\\), gender \\(1\\)")
                .containsPattern("local\\s+1\\s+3\\s+\\S+\\s+age \\(1\\)")
                .containsPattern("read by nobody: .*orders_90d");
    }

    @Test
    void get_withAConsumerOutsideTheNameRule_isAUsageError_andRecordsNothing() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--consumer", "../etc", "--limit", "1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot record the reader: consumer '../etc' is not a valid name");
        assertThat(cli.run("usage", "customer").out()).contains("customer: 2 reads");
    }

    @Test
    void catalog_listsEveryFieldWithItsTypeNullRateAndReaders() {
        Cli.Result r = cli.run("catalog");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("customer\\s+distance\\s+double.*churn-model")
                .containsPattern("customer\\s+age\\s+\\S+.*local");
    }

    @Test
    void catalogHtml_writesTheSelfContainedPage_withTheCurrentVersion() throws Exception {
        Path page = lake.resolve("site/catalog.html");

        Cli.Result r = cli.run("catalog", "--html", page.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("wrote the catalog (1 groups,");
        String version = Files.readString(lake.resolve("features/customer/org=acme/_current")).trim();
        assertThat(Files.readString(page)).contains("id=\"field-customer-distance\"", version, "no version yet");
    }

    @Test
    void catalog_withDaysOutOfRange_isAUsageError() {
        Cli.Result r = cli.run("catalog", "--days", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot build the catalog: --days 0 is out of range (1 to 3660)");
    }
}
