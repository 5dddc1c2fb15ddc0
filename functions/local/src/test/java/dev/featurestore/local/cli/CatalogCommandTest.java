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
        assertThat(r.out()).containsPattern("customer: \\d+ reads in the last 30 days")
                .containsPattern("churn-model\\s+1\\s+500\\s+\\S+\\s+distance \\(1\\), gender \\(1\\)")
                .containsPattern("local\\s+\\d+\\s+\\d+\\s+\\S+\\s+.*age \\(\\d+\\)")
                .containsPattern("(read by nobody: [a-z_, 0-9]+|every field was read)\\n");
    }

    @Test
    void get_withAConsumerOutsideTheNameRule_isAUsageError_andRecordsNothing() {
        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--consumer", "../etc", "--limit", "1");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot record the reader: consumer '../etc' is not a valid name");
        assertThat(cli.run("usage", "customer").out()).doesNotContain("../etc").containsPattern("churn-model\\s+1\\s+500");
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
    void get_leavesPiiFieldsOutOfGlobs_butReturnsThemWhenNamed() throws Exception {
        Path all = lake.resolve("all.csv");
        Path named = lake.resolve("named.csv");

        Cli.Result r1 = cli.run("get", "customer", "--org", "acme", "--limit", "1", "--format", "csv", "--out", all.toString());
        Cli.Result r2 = cli.run("get", "customer", "--org", "acme", "--features", "birth_date,age", "--exclude", "*",
                "--limit", "1", "--format", "csv", "--out", named.toString());

        assertThat(r1.exitCode()).as(r1.err()).isZero();
        assertThat(Files.readAllLines(all).get(0)).startsWith("id,age,gender,distance").doesNotContain("birth_date");
        assertThat(r2.exitCode()).as(r2.err()).isZero();
        assertThat(Files.readAllLines(named).get(0)).isEqualTo("id,birth_date,age");
    }

    @Test
    void catalog_withDaysOutOfRange_isAUsageError() {
        Cli.Result r = cli.run("catalog", "--days", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot build the catalog: --days 0 is out of range (1 to 3660)");
    }
}
