package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.ServedLake;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read that fails must not look like a complete answer: with a part file corrupted in place, serve answers no 200. */
class ServeCorruptFileTest {

    @Test
    void corruptPartFile_isNotAnsweredAsAComplete200(@TempDir Path lake) throws Exception {
        ServedLake.calculate(lake, 300);
        List<Path> parts;
        try (Stream<Path> files = Files.walk(lake.resolve("features"))) {
            parts = files.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        assertThat(parts).isNotEmpty();
        for (Path part : parts) {
            try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
                f.seek(4); // same size, the data pages garbled, the footer intact
                f.write(new byte[(int) Math.min(f.length() - 4 - 1024, 4096)]);
            }
        }

        try (ServedLake served = ServedLake.serve(lake)) {
            for (String format : List.of("json", "csv")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(served.url() + "/groups/customer/features"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"org\": \"acme\", \"format\": \"" + format + "\"}")).build();
                HttpResponse<String> r;
                try {
                    r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException aborted) {
                    continue; // the answer was cut off: the client cannot take it for complete
                }
                assertThat(r.statusCode()).as(format + ": " + r.body()).isEqualTo(422);
                assertThat(r.body()).contains("\"error\":\"data_error\"").doesNotContain("row_count");
            }
        }
    }
}
