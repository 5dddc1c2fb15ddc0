package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.api.OpenApiContract;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.testing.Cli;
import dev.featurestore.local.testing.ServedLake;
import dev.featurestore.version.Layout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST/GET /groups/{group}/versions/{version}/reproductions} on a real {@code serve} over a calculated lake. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeReproductionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "/groups/{group}/versions/{version}/reproductions";
    private static final String ONE = ROUTE + "/{reproduction}";

    private Path lake;
    private Cli cli;
    private ServedLake served;
    private LocalRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();
    private String version;

    @BeforeAll
    void calculateAndServe(@TempDir Path dir) {
        lake = dir;
        cli = new Cli(lake);
        served = ServedLake.calculateAndServe(lake, 300);
        runtime = served.runtime();
        version = runtime.versions().requireCurrent("customer", "acme");
    }

    @AfterAll
    void stop() {
        served.close();
    }

    @Test
    void reproduce_isIdentical_thenReportsTheSourcesThatChanged_withoutTouchingTheLakesVersions() throws Exception {
        var versionsBefore = runtime.versions().versions("customer", "acme");
        var runsBefore = runtime.versions().runs("customer", "acme");
        HttpResponse<String> started = post("/groups/customer/versions/" + version + "/reproductions", "{\"org\": \"acme\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        OpenApiContract.assertFits("POST", ROUTE, 202, "application/json", started.body().getBytes());
        JsonNode body = JSON.readTree(started.body());
        String id = body.get("reproduction").asText();
        assertThat(body.get("status").asText()).isEqualTo("RUNNING");
        assertThat(body.get("version").asText()).isEqualTo(version);
        assertThat(started.headers().firstValue("Location")).contains("/groups/customer/versions/" + version + "/reproductions/" + id + "?org=acme");

        JsonNode done = poll(started.headers().firstValue("Location").orElseThrow());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode report = done.get("report");
        assertThat(report.get("identical").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("rebuilt_rows").asLong()).isEqualTo(300);
        assertThat(report.get("recorded_checksum").asText()).isEqualTo(report.get("rebuilt_checksum").asText());
        assertThat(report.get("source_changes")).isEmpty();
        assertThat(report.get("code_change").isNull()).isTrue();
        assertThat(runtime.versions().versions("customer", "acme")).isEqualTo(versionsBefore);
        assertThat(runtime.versions().requireCurrent("customer", "acme")).isEqualTo(version);
        assertThat(runtime.versions().runs("customer", "acme")).isEqualTo(runsBefore);
        try (Stream<Path> work = Files.list(lake.resolve(".work"))) {
            assertThat(work.filter(p -> p.getFileName().toString().startsWith("reproduce-"))).isEmpty();
        }

        Cli.Result regenerated = cli.run("sources", "--customers", "300", "--seed", "7", "--force");
        assertThat(regenerated.exitCode()).as(regenerated.err()).isZero();
        JsonNode changed = poll(post("/groups/customer/versions/" + version + "/reproductions", "{\"org\": \"acme\"}")
                .headers().firstValue("Location").orElseThrow()).get("report");

        assertThat(changed.get("identical").asBoolean()).isFalse();
        assertThat(changed.get("differing_fields").toString()).contains("age (");
        assertThat(changed.get("source_changes").toString())
                .isEqualTo("[\"customers: sources/customers.parquet changed\",\"orders: sources/orders.parquet changed\"]");
    }

    @Test
    void reproduce_aVersionWithoutLineage_is409SayingWhy() throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(runtime.store().get(Layout.manifest("customer", "acme", version)).orElseThrow());
        String old = "20200101T000000Z-01d0";
        manifest.remove("lineage");
        manifest.put("version", old);
        runtime.store().put(Layout.manifest("customer", "acme", old), JSON.writeValueAsBytes(manifest));

        HttpResponse<String> r = post("/groups/customer/versions/" + old + "/reproductions", "{\"org\": \"acme\"}");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Cannot reproduce version '" + old
                + "' of group 'customer' for org 'acme': its manifest records no lineage (it was calculated before lineage was"
                + " recorded; calculate again to get a reproducible version)");
    }

    @Test
    void reproduction_ofAnotherVersionOrGroup_is404() throws Exception {
        JsonNode started = JSON.readTree(post("/groups/customer/versions/" + version + "/reproductions", "{\"org\": \"acme\"}").body());
        String id = started.get("reproduction").asText();
        poll("/groups/customer/versions/" + version + "/reproductions/" + id + "?org=acme");

        HttpResponse<String> otherVersion = get("/groups/customer/versions/20200101T000000Z-0000/reproductions/" + id);
        HttpResponse<String> otherOrg = get("/groups/customer/versions/" + version + "/reproductions/" + id + "?org=globex");

        assertThat(otherVersion.statusCode()).isEqualTo(404);
        assertThat(otherOrg.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(otherOrg.body()).get("message").asText()).startsWith("Cannot find reproduction '" + id + "' of version '"
                + version + "' of group 'customer'");
    }

    private JsonNode poll(String location) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            HttpResponse<String> r = get(location);
            OpenApiContract.assertFits("GET", ONE, r.statusCode(), "application/json", r.body().getBytes());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(Instant.now()).as("reproduction still running at the deadline").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
