package dev.featurestore.local.merge;

import static dev.featurestore.testing.SameStatistics.assertSameStatistics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.local.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calculate --merge distributed} at 1M customers: the merge runs as separate worker processes (one JVM
 * per partition and join task) over the lake, and publishes the same dataset as {@code --merge single}: same
 * rows, content checksum, statistics and lookup buckets.
 */
class DistributedCalculateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path lake;
    static Cli cli;

    @BeforeAll
    static void sources() {
        cli = new Cli(lake);
        Cli.Result r = cli.run("sources", "--customers", "1000000");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void distributedMerge_inWorkerProcesses_publishesTheSameDatasetAsTheSingleMachineMerge() throws IOException {
        Cli.Result single = cli.run("calculate", "customer", "--org", "acme", "--merge", "single");
        assertThat(single.exitCode()).as(single.err()).isZero();
        JsonNode a = manifest();
        Cli.Result dist = cli.run("calculate", "customer", "--org", "acme", "--merge", "distributed", "--merge-task-rows", "300000");
        assertThat(dist.exitCode()).as(dist.err()).isZero();
        JsonNode b = manifest();

        assertThat(b.get("version")).isNotEqualTo(a.get("version"));
        assertThat(b.get("row_count").asLong()).isEqualTo(a.get("row_count").asLong()).isEqualTo(1_000_000);
        assertThat(b.get("content_checksum")).isEqualTo(a.get("content_checksum"));
        assertSameStatistics(b.get("stats"), a.get("stats"));
        assertThat(b.path("lookup").path("buckets")).isEqualTo(a.path("lookup").path("buckets"));
        assertThat(b.path("timings_ms").has("partition")).isTrue();
        assertThat(a.path("timings_ms").has("partition")).isFalse();
        // one data file per join task (tasks of 300k input rows), where the single-machine merge writes one per thread
        assertThat(b.get("files").size()).isGreaterThan(3);
        assertThat(lake.resolve("staging")).satisfies(s -> assertThat(!Files.exists(s) || isEmptyTree(s)).isTrue());
        try (Stream<Path> logs = Files.walk(lake.resolve(".work"))) {
            assertThat(logs.filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().startsWith("merge-task-"))).isEmpty();
        }
    }

    @Test
    void badMergeOptions_areUsageErrors_beforeAnythingRuns() {
        Cli.Result mode = cli.run("calculate", "customer", "--org", "acme", "--merge", "bogus");
        Cli.Result rows = cli.run("calculate", "customer", "--org", "acme", "--merge", "distributed", "--merge-task-rows", "0");

        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("Cannot choose the merge 'bogus' (use auto, single or distributed)");
        assertThat(rows.exitCode()).isEqualTo(2);
        assertThat(rows.err()).contains("Cannot calculate: --merge-task-rows must be at least 1, not 0");
        assertThat(lake.resolve("staging")).satisfies(s -> assertThat(!Files.exists(s) || isEmptyTree(s)).isTrue());
    }

    private static JsonNode manifest() throws IOException {
        String version = Files.readString(lake.resolve("features/customer/org=acme/_current")).trim();
        return JSON.readTree(lake.resolve("features/customer/org=acme/version=" + version + "/_manifest.json").toFile());
    }

    private static boolean isEmptyTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.allMatch(Files::isDirectory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
