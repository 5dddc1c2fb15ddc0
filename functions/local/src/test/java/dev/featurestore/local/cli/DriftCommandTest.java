package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.local.testing.StatsVersions;
import dev.featurestore.local.testing.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {

    @TempDir
    Path lake;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--lake";
        all[args.length + 1] = lake.toString();
        all[args.length + 2] = "--config";
        all[args.length + 3] = TestConfig.configDir().toString();
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false);
    }

    private void version(String id, double meanDistance, double nullRate) {
        StatsVersions.publish(lake, id, meanDistance, nullRate);
    }

    @Test
    void printsTheTableAndWritesTheHtmlReport() throws Exception {
        version("20261123T031500Z-aaaa", 10, 0.01);
        version("20261124T031500Z-bbbb", 12, 0.20);
        Path html = lake.resolve("reports/drift.html");

        int code = run("drift", "customer", "--org", "acme", "--html", html.toString());

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(table).contains("Drift of customer (org acme): 20261123T031500Z-aaaa (10,000 rows) → 20261124T031500Z-bbbb")
                .contains("2 of 2 fields flagged: distance, gender");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg class=\"psi-chart\"");
    }

    @Test
    void printsTheApiJson_whenAsked() throws Exception {
        version("20261123T031500Z-aaaa", 10, 0.01);
        version("20261124T031500Z-bbbb", 10, 0.01);

        int code = run("drift", "customer", "--org", "acme", "--json", "--from", "20261123T031500Z-aaaa", "--to", "20261124T031500Z-bbbb");

        assertThat(code).isZero();
        var json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("group").asText()).isEqualTo("customer");
        assertThat(json.get("flagged")).isEmpty();
        assertThat(json.get("fields")).hasSize(2);
    }

    @Test
    void failsWithTheFix_whenOnlyOneVersion() {
        version("20261123T031500Z-aaaa", 10, 0.01);

        int code = run("drift", "customer", "--org", "acme");

        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("has no earlier version (calculate again");
    }
}
