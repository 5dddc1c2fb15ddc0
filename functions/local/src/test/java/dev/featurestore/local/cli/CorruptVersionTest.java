package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.ServedLake;
import dev.featurestore.version.DataFileCheck;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version's part file changed after it was written (in place with the same size, or truncated): every read
 * fails with a data error naming the file (exit 3, HTTP 422) instead of returning rows from the changed bytes.
 */
class CorruptVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path lake;
    @TempDir
    static Path backup;
    static Cli cli;
    static String version;
    static Path part;

    @BeforeAll
    static void calculate() throws Exception {
        cli = new Cli(lake);
        ServedLake.calculate(lake, 1000);
        version = Files.readString(lake.resolve("features/customer/org=acme/_current")).trim();
        part = lake.resolve("features/customer/org=acme/version=" + version + "/part-00000.parquet");
        Files.copy(part, backup.resolve("part.parquet"));
    }

    @AfterEach
    void restore() throws Exception {
        Files.copy(backup.resolve("part.parquet"), part, StandardCopyOption.REPLACE_EXISTING);
    }

    private String recordedCrc() throws Exception {
        return DataFileCheck.crc32c(backup.resolve("part.parquet"));
    }

    /** Flips bytes in the middle of the file (its column data), keeping the size. */
    private static void corruptInPlace() throws Exception {
        long size = Files.size(part);
        try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
            for (long at = size / 2; at < size / 2 + 8; at++) {
                raf.seek(at);
                int b = raf.read();
                raf.seek(at);
                raf.write(b ^ 0x01);
            }
        }
        assertThat(Files.size(part)).isEqualTo(size);
    }

    @Test
    void get_partFileChangedInPlace_sameSize_exits3_namingTheFile() throws Exception {
        assertThat(cli.run("get", "customer", "--org", "acme", "--format", "csv").exitCode()).isZero();
        corruptInPlace();

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--format", "csv");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("featurestore: Cannot read version '" + version + "' of group 'customer' for org 'acme': "
                + "file part-00000.parquet was changed after the version was written (its CRC32C is " + DataFileCheck.crc32c(part)
                + ", the manifest recorded " + recordedCrc() + "; recalculate, or publish another version)\n");
    }

    @Test
    void get_partFileTruncated_exits3_withBothSizes() throws Exception {
        long size = Files.size(part);
        try (RandomAccessFile raf = new RandomAccessFile(part.toFile(), "rw")) {
            raf.setLength(size - 100);
        }

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--format", "json");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("featurestore: Cannot read version '" + version + "' of group 'customer' for org 'acme': "
                + "file part-00000.parquet was changed after the version was written (it has " + (size - 100)
                + " bytes, the manifest recorded " + size + "; recalculate, or publish another version)\n");
    }

    @Test
    void get_partFileDeleted_exits3_withoutTheLakePath() throws Exception {
        Files.delete(part);

        Cli.Result r = cli.run("get", "customer", "--org", "acme", "--format", "csv");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("file part-00000.parquet is missing").doesNotContain(lake.toString());
    }

    @Test
    void serve_partFileChangedAfterAnEarlierRead_answers422_namingTheFile() throws Exception {
        try (ServedLake served = ServedLake.serve(lake)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(served.url() + "/groups/customer/features"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"org\": \"acme\", \"format\": \"json\"}")).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            Thread.sleep(20); // a later modification time than the checked one, on any file system clock
            corruptInPlace();

            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("error").asText()).isEqualTo("data_error");
            assertThat(body.path("message").asText()).startsWith("Cannot read version '" + version + "' of group 'customer' for org 'acme': "
                    + "file part-00000.parquet was changed after the version was written (its CRC32C is ");
        }
    }
}
