package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish (roll back), pin and runs over a lake whose versions are written directly. */
class PublishCommandTest {
    static final String V1 = "20261124T031500Z-aaaa";
    static final String V2 = "20261125T031500Z-bbbb";

    @TempDir
    Path dir;
    Path lake;
    Path config;
    VersionStore versions;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        lake = dir.resolve("lake");
        config = dir.resolve("config");
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("customer"));
        Files.writeString(config.resolve("customer/age.sql"), "select 'c1' as id, 42::bigint as age");
        Files.writeString(config.resolve("groups/customer.yaml"), """
                group: customer
                fields: { age: bigint }
                functions: [ { sql: customer/age.sql, fields: [age] } ]
                orgs: { acme: {} }
                """);
        versions = VersionStore.create(LocalObjectStore.create(lake));
        for (String v : List.of(V1, V2)) {
            versions.writeManifest(new Manifest(1, "customer", "acme", v, v, "2026-11-24T03:15:00Z", "hash", "test",
                    List.of(new Manifest.Column("id", "string"), new Manifest.Column("age", "bigint")), 1, List.of(), List.of(),
                    Map.of(), null, "sum"));
        }
        versions.publish("customer", "acme", V2, "run " + V2);
    }

    int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--lake";
        all[args.length + 1] = lake.toString();
        all[args.length + 2] = "--config";
        all[args.length + 3] = config.toString();
        return Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
    }

    @Test
    void publish_rollsBackToAnOlderVersion() {
        int code = run("publish", "customer", "--org", "acme", "--version", V1);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("customer/acme: published " + V1 + " (was " + V2 + ")\n");
        assertThat(versions.current("customer", "acme")).contains(V1);
    }

    @Test
    void publish_anUnknownVersionExitsWith3NotFound_andSaysHowToListThem() {
        int code = run("publish", "customer", "--org", "acme", "--version", "20990101T000000Z-0000");

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("featurestore: Cannot find version '20990101T000000Z-0000' of group 'customer' for org 'acme' (list them with: featurestore versions customer --org acme)\n");
        assertThat(versions.current("customer", "acme")).contains(V2);
    }

    @Test
    void pin_marksTheVersionAndRemoveUnpinsIt() {
        assertThat(run("pin", "customer", "--org", "acme", "--version", V1)).isZero();
        assertThat(versions.pinned("customer", "acme")).containsExactly(V1);

        assertThat(run("pin", "customer", "--org", "acme", "--version", V1, "--remove")).isZero();
        assertThat(versions.pinned("customer", "acme")).isEmpty();
    }

    @Test
    void runs_listsFailedRunsWithHumanTimesDurationFunctionAndReason() {
        versions.recordRun(new RunRecord("20261125T040000Z-cccc", "customer", "acme", "20261125T040000Z-cccc",
                RunRecord.Status.FAILED, "2026-11-25T04:00:00Z", Optional.of("2026-11-25T04:00:09Z"), Optional.of("Cannot write partial: boom"), Optional.of("orders")));

        assertThat(run("runs", "customer")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("started (UTC)", "took", "function")
                .containsPattern("20261125T040000Z-cccc +FAILED +2026-11-25 04:00:00 +9\\.0 s +orders +Cannot write partial: boom\n");
    }
}
