package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.discovery.UsageRecord;
import dev.featurestore.local.testing.ServedLake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups through serve: the usage lines they record, and a part file that changed after its version was written. */
class ServeLookupTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path lake;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void calculate() {
        ServedLake.calculate(lake, 300);
    }

    private HttpResponse<String> post(ServedLake served, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.url() + "/groups/customer/features"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServedLake served, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two ids the version holds, from an ordinary read. */
    private List<String> twoIds(ServedLake served) throws Exception {
        JsonNode rows = JSON.readTree(post(served, "{\"org\": \"acme\", \"features\": [\"age\"], \"limit\": 2}").body()).path("rows");
        return List.of(rows.get(0).path("id").asText(), rows.get(1).path("id").asText());
    }

    @Test
    void lookupsByIds_andTheEntityRoute_recordAUsageLineEach() throws Exception {
        try (ServedLake served = ServedLake.serve(lake)) {
            List<String> ids = twoIds(served);
            int before = served.runtime().usage().read("customer", 1).size();

            HttpResponse<String> many = post(served, "{\"org\": \"acme\", \"ids\": [\"" + ids.get(0) + "\", \"" + ids.get(1)
                    + "\", \"nope\"], \"features\": [\"age\", \"gender\"], \"exclude\": [\"*\"], \"consumer\": \"churn-model\"}");
            HttpResponse<String> one = get(served, "/groups/customer/entities/" + ids.get(0)
                    + "?org=acme&features=distance&exclude=*&consumer=fraud-check");
            HttpResponse<String> bad = get(served, "/groups/customer/entities/" + ids.get(0) + "?org=acme&consumer=../x");

            assertThat(many.statusCode()).as(many.body()).isEqualTo(200);
            assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("Cannot record the reader: consumer '../x' is not a valid name");
            List<UsageRecord> lines = served.runtime().usage().read("customer", 1);
            List<UsageRecord> added = lines.subList(before, lines.size());
            assertThat(added).extracting(UsageRecord::consumer, UsageRecord::fields, UsageRecord::rows).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("churn-model", List.of("age", "gender"), 2L),
                    org.assertj.core.groups.Tuple.tuple("fraud-check", List.of("distance"), 1L));
            assertThat(added).allSatisfy(u -> {
                assertThat(u.org()).isEqualTo("acme");
                assertThat(u.caller()).isEqualTo("local");
            });
        }
    }

    @Test
    void entityRoute_answers422NamingTheFile_whenAPartFileChangedSizeAfterItsVersionWasWritten() throws Exception {
        Path part;
        try (Stream<Path> files = Files.walk(lake.resolve("features"))) {
            part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        String version = part.getParent().getFileName().toString().replace("version=", "");
        long size = Files.size(part);
        try (ServedLake served = ServedLake.serve(lake)) {
            List<String> ids = twoIds(served);
            Files.write(part, new byte[10], StandardOpenOption.APPEND);

            HttpResponse<String> r = get(served, "/groups/customer/entities/" + ids.get(0) + "?org=acme");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).path("message").asText()).isEqualTo("Cannot read version '" + version
                    + "' of group 'customer' for org 'acme': file " + part.getFileName() + " was changed after the version was"
                    + " written (it has " + (size + 10) + " bytes, the manifest recorded " + size
                    + "; recalculate, or publish another version)");
        }
    }
}
