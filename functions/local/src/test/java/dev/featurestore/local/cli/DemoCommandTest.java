package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command on an empty lake: sources, both orgs calculated, versions, a sample. */
class DemoCommandTest {

    @Test
    void demo_onAnEmptyLake_generatesCalculatesListsAndReads(@TempDir Path lake) {
        Cli.Result r = new Cli(lake).run("demo");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("1. generated the sample sources (100,000 customers, 1,000,000 orders)")
                .containsPattern("customer/acme: published version \\S+ \\(100,000 rows, 3 functions")
                .containsPattern("customer/globex: published version \\S+ \\(100,000 rows, 2 functions")
                .containsPattern("customer +acme .* 100,000 .* current ")
                .containsPattern("id +distance +gender +loyalty_tier\\n")
                .contains("(5 rows)")
                .containsPattern("done in [0-9.]+ s");
        assertThat(r.err()).isEmpty();

        Cli.Result again = new Cli(lake).run("demo");
        assertThat(again.out()).contains("1. sample sources already in ");
        assertThat(new Cli(lake).run("versions", "customer", "--org", "acme").out().lines().filter(l -> l.contains("customer acme")))
                .hasSize(2);
    }
}
