package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.api.ApiConformance;
import dev.featurestore.api.ApiRequest;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.testing.ServedLake;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API conformance suite against {@code serve} over HTTP, on a lake with a calculated version (real rows). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeConformanceTest extends ApiConformance {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private Path lake;
    private ServedLake served;
    private LocalRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();
    private String version;

    @BeforeAll
    void calculateAndServe(@TempDir Path dir) {
        lake = dir;
        served = ServedLake.calculateAndServe(lake, 500);
        runtime = served.runtime();
        version = runtime.versions().requireCurrent("customer", "acme");
    }

    @AfterAll
    void stop() {
        served.close();
    }

    @Override
    protected Answer send(ApiRequest request) {
        String query = request.query().entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.url() + request.rawPath() + (query.isEmpty() ? "" : "?" + query)))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((k, v) -> {
            if (!RESTRICTED.contains(k)) {
                b.header(k, v);
            }
        });
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
            return new Answer(r.statusCode(), headers, r.body());
        } catch (Exception e) {
            throw new AssertionError("cannot call " + request.method() + " " + request.rawPath(), e);
        }
    }

    @Override
    protected String version() {
        return version;
    }

    @Override
    protected void expectRows(List<String> columns) {
        // the rows are the lake's
    }

    @Override
    protected void assertRan(List<String> columns, String filter, long limit, Answer answer) {
        JsonNode rows = answer.json().get("rows");
        long matching = count(filter);
        assertThat((long) rows.size()).isEqualTo(Math.min(limit, matching));
        rows.forEach(row -> assertThat(row.get("age").asInt()).isGreaterThanOrEqualTo(30));
        assertThat(rows.get(0).get("age").isIntegralNumber()).as("integers stay integers").isTrue();
        assertThat(rows.get(0).get("last_order_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    }

    /** Rows of the version matching the filter, counted by DuckDB directly over its files. */
    private long count(String filter) {
        try (Stream<Path> files = Files.walk(lake)) {
            List<String> parts = files.filter(p -> p.toString().contains("version=" + version) && p.toString().endsWith(".parquet"))
                    .map(p -> p.toAbsolutePath().toString()).toList();
            try (Connection c = runtime.db().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Sql.readParquet(parts) + " WHERE " + filter)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Map.Entry<String, Long> knownEntity() {
        Answer first = send(ApiRequest.of("POST", "/groups/customer/features")
                .withBody("{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"limit\": 1}"));
        JsonNode row = first.json().get("rows").get(0);
        return Map.entry(row.get("id").asText(), row.get("age").asLong());
    }

    @Override
    protected void expectTrainingSet(List<Long> ages) {
        // the rows are the lake's
    }

    @Override
    protected void assertNarrowedByTheEngine(int ids) {
        // the rows are the lake's: DuckDB semi-joined the ids (IdNarrowedQuery), the answer is checked by the suite
    }

    @Override
    protected void assertTrainingSetRan() {
        // DuckDB's join is checked against the oracle in TrainingSetTest; here: its scratch directory is gone
        try (Stream<Path> left = Files.list(runtime.workDir())) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("training-set-")).toList()).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected boolean hasTenancy() {
        return false;
    }
}
