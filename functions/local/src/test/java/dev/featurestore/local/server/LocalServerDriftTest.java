package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.local.testing.ServedLake;
import dev.featurestore.local.testing.StatsVersions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /groups/{group}/drift} of serve: the same JSON as the Lambda's route and {@code drift --json}. */
class LocalServerDriftTest {
    @TempDir
    Path lake;

    private JsonNode get(ServedLake served, String path, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(served.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void getDrift_comparesCurrentWithPrevious() throws Exception {
        StatsVersions.publish(lake, "20261123T031500Z-aaaa", 10, 0.01);
        StatsVersions.publish(lake, "20261124T031500Z-bbbb", 12, 0.01);
        try (ServedLake served = ServedLake.serve(lake)) {
            JsonNode report = get(served, "/groups/customer/drift?org=acme", 200);

            assertThat(report.get("from").get("version").asText()).isEqualTo("20261123T031500Z-aaaa");
            assertThat(report.get("to").get("version").asText()).isEqualTo("20261124T031500Z-bbbb");
            assertThat(report.get("flagged")).extracting(JsonNode::asText).containsExactly("distance");
            assertThat(report.get("fields").get(0).get("null_rate_change")).isNotNull();
        }
    }

    @Test
    void getDrift_answers404WithTheFix_whenThereIsOneVersion() throws Exception {
        StatsVersions.publish(lake, "20261123T031500Z-aaaa", 10, 0.01);
        try (ServedLake served = ServedLake.serve(lake)) {
            JsonNode error = get(served, "/groups/customer/drift?org=acme&to=20261123T031500Z-aaaa", 404);

            assertThat(error.get("message").asText()).contains("has no earlier version");
        }
    }
}
