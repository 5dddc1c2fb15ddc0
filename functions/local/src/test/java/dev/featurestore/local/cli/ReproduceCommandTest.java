package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reproduce rebuilds a version from its manifest's lineage into a scratch lake and compares it with the recorded one. */
class ReproduceCommandTest {
    @TempDir
    static Path lake;
    static Cli cli;
    static String version;

    @BeforeAll
    static void calculate() throws Exception {
        cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "500").exitCode()).isZero();
        Cli.Result r = cli.run("calculate", "customer", "--org", "globex");
        assertThat(r.exitCode()).as(r.err()).isZero();
        version = Files.readString(lake.resolve("features/customer/org=globex/_current")).trim();
    }

    @Test
    void reproduce_sameSources_isIdentical_exit0_andLeavesTheLakeAsItWas() throws Exception {
        Cli.Result r = cli.run("reproduce", "customer", "--org", "globex", "--version", version);

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("customer/globex: rebuilding version " + version + " from its recorded config")
                .containsPattern("customer/globex: version " + version + " is identical: rebuilt 500 rows with the same content checksum \\([0-9a-f]{12}…\\)")
                .contains("  sources: unchanged since the version was built", "  code: the same commit");
        assertThat(Files.readString(lake.resolve("features/customer/org=globex/_current")).trim()).isEqualTo(version);
        try (Stream<Path> versions = Files.list(lake.resolve("features/customer/org=globex"))) {
            assertThat(versions.filter(p -> p.getFileName().toString().startsWith("version="))).hasSize(1);
        }
        try (Stream<Path> work = Files.list(lake.resolve(".work"))) {
            assertThat(work.filter(p -> p.getFileName().toString().startsWith("reproduce-"))).isEmpty();
        }
    }

    @Test
    void reproduce_afterTheSourcesChanged_differs_exit3_namingFieldsAndSources(@TempDir Path other) throws Exception {
        Path copy = other.resolve("lake");
        TestFiles.copyTree(lake, copy);
        Cli.Result regenerated = cli.run("sources", "--customers", "500", "--seed", "7", "--force", "--lake", copy.toString());
        assertThat(regenerated.exitCode()).as(regenerated.err()).isZero();

        Cli.Result r = cli.run("reproduce", "customer", "--org", "globex", "--version", version, "--lake", copy.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).containsPattern("customer/globex: version " + version + " differs: rebuilt 500 rows \\(recorded 500\\)")
                .containsPattern("  fields that differ: .*age \\(")
                .contains("  sources changed since the version was built: customers: sources/customers.parquet changed; orders: sources/orders.parquet changed");
    }

    @Test
    void reproduce_unknownVersion_exits3NotFound() {
        Cli.Result r = cli.run("reproduce", "customer", "--org", "globex", "--version", "20990101T000000Z-ffff");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("featurestore: ").contains("20990101T000000Z-ffff");
    }

    @Test
    void versions_showChecksumCodeAndSources_andTheLineageOnRequest() {
        Cli.Result r = cli.run("versions", "customer", "--org", "globex", "--lineage");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("config +checksum +code +sources")
                .containsPattern(version + " +500 +[0-9a-f]{12} +[0-9a-f]{12} +[0-9a-f]{10}\\+? +[0-9a-f]{12} ")
                .containsPattern("    code: +[0-9a-f]{40}")
                .contains("    params:           {home_lat=48.8566, home_long=2.3522}")
                .contains("    schedule:         cron(0 3 * * ? *)")
                .contains("    function:         orders (sql customer/orders.sql)")
                .containsPattern("    source: +orders sources/orders.parquet [0-9,]+ bytes sha256 [0-9a-f]{16}…");
    }
}
