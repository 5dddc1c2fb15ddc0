package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs a version records in its manifest, and the catalog showing the published version's docs: a field's
 * description edited after a calculation shows in the catalog only once a version is calculated with it, and a
 * rollback brings the old description back.
 */
class CatalogDocsTest {
    private static final String THEN = "Orders placed since the customer signed up";
    private static final String NOW = "Orders ever placed by the customer";
    /** What the listing shows of each (it cuts descriptions at 40 characters). */
    private static final String THEN_SHOWN = "Orders placed since the customer";

    @TempDir
    Path lake;
    @TempDir
    Path config;

    @Test
    void catalog_showsWhatTheFieldMeantInThePublishedVersion_andTheManifestRecordsIt() throws IOException {
        copyConfig();
        Cli cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "100").exitCode()).isZero();
        assertThat(calculate(cli).exitCode()).isZero();
        String first = Files.readString(lake.resolve("features/customer/org=acme/_current")).trim();
        String manifest = Files.readString(lake.resolve("features/customer/org=acme/version=" + first + "/_manifest.json"));
        assertThat(manifest).containsPattern("\"orders_total\" : \\{\\s+\"description\" : \"" + THEN + "\",");

        Path file = config.resolve("groups/customer.yaml");
        Files.writeString(file, Files.readString(file).replace("description: " + THEN, "description: " + NOW));

        assertThat(catalog(cli)).containsPattern("customer\\s+orders_total\\s+bigint\\s+" + THEN_SHOWN).doesNotContain(NOW);
        assertThat(calculate(cli).exitCode()).isZero();
        assertThat(catalog(cli)).containsPattern("customer\\s+orders_total\\s+bigint\\s+" + NOW).doesNotContain(THEN_SHOWN);
        Cli.Result rollback = cli.run("publish", "customer", "--org", "acme", "--version", first, "--config", config.toString());
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(catalog(cli)).containsPattern("customer\\s+orders_total\\s+bigint\\s+" + THEN_SHOWN).doesNotContain(NOW);
    }

    private Cli.Result calculate(Cli cli) {
        Cli.Result r = cli.run("calculate", "customer", "--org", "acme", "--config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private String catalog(Cli cli) {
        Cli.Result r = cli.run("catalog", "--config", config.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out();
    }

    private void copyConfig() throws IOException {
        TestFiles.copyTree(TestConfig.configDir(), config);
    }
}
