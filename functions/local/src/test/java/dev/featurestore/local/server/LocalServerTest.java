package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.local.duckdb.Sql;
import dev.featurestore.local.testing.ServedLake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path lake;
    static ServedLake served;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        served = ServedLake.calculateAndServe(lake, 1000);
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(served.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.url() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void groups_listsEveryGroupWithItsOrgs() throws Exception {
        HttpResponse<byte[]> r = get("/groups");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json(r).toString()).isEqualTo("{\"groups\":[{\"group\":\"customer\",\"description\":"
                + "\"Customer profile and order behaviour features (the demo group, over the sample sources)\",\"orgs\":[\"acme\",\"globex\"]}]}");
    }

    @Test
    void group_withOrg_showsItsFieldsTypesAndVersions_andEveryOrg() throws Exception {
        JsonNode g = json(get("/groups/customer?org=acme"));

        assertThat(g.get("org").asText()).isEqualTo("acme");
        assertThat(g.get("fields").get(0).toString()).isEqualTo("{\"name\":\"age\",\"type\":\"int\","
                + "\"description\":\"Age in whole years on the day of calculation\",\"owner\":\"crm-data\",\"tags\":[\"profile\"],"
                + "\"unit\":\"years\"}");
        assertThat(g.get("owner").asText()).isEqualTo("crm-data");
        assertThat(g.get("fields").findValuesAsText("type")).contains("decimal(12,2)", "timestamp", "date", "boolean");
        assertThat(g.get("fields").findValuesAsText("name")).contains("loyalty_tier");
        assertThat(g.get("versions")).hasSize(1);
        assertThat(g.get("versions").get(0).get("row_count").asLong()).isEqualTo(1000);
        assertThat(g.get("current").asText()).isEqualTo(g.get("versions").get(0).get("version").asText());
        assertThat(g.get("orgs").toString()).isEqualTo("[\"acme\",\"globex\"]");
    }

    @Test
    void group_orgWithoutVersions_hasNullCurrent_andNoLoyaltyTier() throws Exception {
        JsonNode g = json(get("/groups/customer?org=globex"));

        assertThat(g.get("current").isNull()).isTrue();
        assertThat(g.get("versions")).isEmpty();
        assertThat(g.get("fields").findValuesAsText("name")).doesNotContain("loyalty_tier");
    }

    @Test
    void group_unknownOrg_is404ListingTheOrgs() throws Exception {
        HttpResponse<byte[]> r = get("/groups/customer?org=initech");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("message").asText()).startsWith("Cannot find org 'initech' in group 'customer' (known orgs: acme, globex;");
    }

    @Test
    void group_unknown_is404WithTheKnownGroups() throws Exception {
        HttpResponse<byte[]> r = get("/groups/nosuch");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");
        assertThat(json(r).get("message").asText()).startsWith("Cannot find group 'nosuch' (known groups: customer;");
    }

    @Test
    void features_issueExample_returnsJsonRowsOfIdDistanceGender() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features",
                "{\"org\": \"acme\", \"features\": [\"distance\", \"gender\"], \"exclude\": [\"*\"], \"filters\": [\"age >= 30\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("columns").findValuesAsText("name")).containsExactly("id", "distance", "gender");
        assertThat(body.get("row_count").asLong()).isEqualTo(body.get("rows").size()).isPositive().isLessThan(1000);
        assertThat(body.get("rows").get(0).fieldNames()).toIterable().containsExactly("id", "distance", "gender");
        assertThat(r.headers().firstValue("X-Featurestore-Version")).hasValue(body.get("version").asText());
    }

    @Test
    void features_formatParquet_returnsAParquetFileWithTheRows() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"acme\", \"features\": \"age,loyalty_tier\", \"exclude\": \"*\", \"format\": \"parquet\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
        assertThat(new String(r.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        Path file = lake.resolve("answer.parquet");
        Files.write(file, r.body());
        try (Connection c = served.runtime().db().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT loyalty_tier) FROM " + Sql.readParquet(file))) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1000);
            assertThat(rs.getLong(2)).isEqualTo(3);
        }
    }

    @Test
    void features_acceptParquet_returnsParquet() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"acme\", \"limit\": 5}", "Accept", "application/vnd.apache.parquet");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
    }

    @Test
    void features_formatCsv_returnsCsvWithHeader() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"limit\": 2, \"format\": \"csv\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("id,age\n").hasLineCount(3);
    }

    @Test
    void features_badFilter_is400QueryErrorWithPosition() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"acme\", \"filters\": [\"age >= 30; DROP TABLE t\"]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("query_error");
        assertThat(json(r).get("message").asText()).contains("position 10");
    }

    @Test
    void features_unknownKey_is400BadRequest() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"acme\", \"colums\": [\"age\"]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
        assertThat(json(r).get("message").asText()).contains("unknown key \"colums\"");
    }

    @Test
    void features_withoutOrgOnAMultiOrgGroup_is400NamingTheOrgs() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).isEqualTo("Cannot read group 'customer': it has several orgs (acme, globex); "
                + "choose one with \"org\" in the body or ?org= in the URL");
    }

    @Test
    void features_orgWithoutVersion_is404TellingHowToCalculate() throws Exception {
        HttpResponse<byte[]> r = post("/groups/customer/features", "{\"org\": \"globex\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("message").asText()).contains("featurestore calculate customer --org globex");
    }

    @Test
    void features_bodyOverTheLimit_is413() throws Exception {
        String huge = "{\"filters\": [\"" + "a".repeat(2 << 20) + "\"]}";
        HttpResponse<byte[]> r = post("/groups/customer/features", huge);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).get("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void unknownRoute_is404_andWrongMethod_is405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> r = get("/groups/customer/features");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(json(r).get("error").asText()).isEqualTo("method_not_allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void catalog_isTheCatalogPage_withEveryFieldOfTheGroup() throws Exception {
        HttpResponse<byte[]> r = get("/catalog");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        String page = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("id=\"field-customer-distance\"", "id=\"field-customer-loyalty_tier\"",
                "Great-circle distance");
    }
}
