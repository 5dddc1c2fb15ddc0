package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftCommandTest {
    private static final ObjectMapper SNAKE = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final Field DISTANCE = new Field("distance", FieldType.DOUBLE);
    private static final Field GENDER = new Field("gender", FieldType.STRING);

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
        StatsCollector stats = StatsCollector.create(Schema.of(DISTANCE, GENDER));
        ColumnObserver distance = stats.create(0, DISTANCE);
        ColumnObserver gender = stats.create(0, GENDER);
        Random r = new Random(id.hashCode());
        for (int i = 0; i < 10_000; i++) {
            distance.observeDouble(meanDistance + r.nextGaussian());
            if (r.nextDouble() < nullRate) {
                gender.observeNull();
            } else {
                byte[] g = (r.nextBoolean() ? "f" : "m").getBytes(StandardCharsets.UTF_8);
                gender.observeString(g, 0, g.length);
            }
        }
        Map<String, ColumnStats> result = stats.result();
        try (LocalRuntime rt = LocalRuntime.open(lake, TestConfig.configDir())) {
            rt.versions().writeManifest(new Manifest(Manifest.FORMAT_VERSION, "customer", "acme", id, "run-" + id,
                    "2026-11-24T00:00:00Z", "hash", "dev", Manifest.columnsOf(Schema.of(DISTANCE, GENDER)), 10_000,
                    List.of(), List.of(), Map.of(), SNAKE.valueToTree(result), "sum"));
            rt.versions().publish("customer", "acme", id, "test");
        }
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
