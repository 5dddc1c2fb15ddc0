package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API conformance suite: the same cases against every runtime ({@code serve} over HTTP, the Query Lambda
 * through API Gateway events on the emulator). A runtime's test extends this class and says how to send a request,
 * and how to check what its engine ran: {@code serve} executes the SQL on real data, the Lambda's Athena is the
 * emulator's, so there the SQL sent is asserted. Every JSON answer is validated against the OpenAPI document.
 *
 * <p>The group under test is {@code customer} with a published version for org {@code acme}; the caller may read
 * {@code acme}; org {@code globex} exists in the group without a published version.
 */
public abstract class ApiConformance {
    protected static final ObjectMapper JSON = new ObjectMapper();

    /** An answer as a client sees it. Header names lower-case. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public Answer {
            Map<String, String> lower = new LinkedHashMap<>();
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            headers = Map.copyOf(lower);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }
    }

    /** Sends a request through the runtime's transport. */
    protected abstract Answer send(ApiRequest request);

    /** The published version of customer for acme. */
    protected abstract String version();

    /** Before a features request: the rows the engine will return for these columns (the emulator's canned rows). */
    protected abstract void expectRows(List<String> columns);

    /**
     * After a features request that selected {@code columns} with {@code filter} and {@code limit}: check what
     * the engine ran (the rows on real data, or the SQL sent to Athena).
     */
    protected abstract void assertRan(List<String> columns, String filter, long limit, Answer answer);

    /** Whether this runtime limits callers to some orgs (AWS: the caller's identity); serve reads every org. */
    protected abstract boolean hasTenancy();

    /** An id of the published version of customer for acme and its {@code age}. */
    protected abstract Map.Entry<String, Long> knownEntity();

    /**
     * Before a training set of three entity rows (the known id after the version, the known id before any
     * version, an unknown id): the rows the engine will answer ({@code ages}, null where none; the emulator's
     * canned rows).
     */
    protected abstract void expectTrainingSet(List<Long> ages);

    /** After that training set: check what the engine ran and that it left nothing behind. */
    protected abstract void assertTrainingSetRan();

    /** After a features request with {@code ids} ids and filters, more than one IN filter holds: check how the engine narrowed. */
    protected abstract void assertNarrowedByTheEngine(int ids);

    private Answer call(String route, ApiRequest request) {
        Answer a = send(request);
        String type = a.header("content-type");
        if (type != null && type.startsWith("application/json")) {
            OpenApiContract.assertFits(request.method(), route, a.status(), type, a.body());
        }
        return a;
    }

    private Answer features(String body) {
        return call("/groups/{group}/features", ApiRequest.of("POST", "/groups/customer/features").withBody(body));
    }

    private static void assertError(Answer a, int status, String code, String messageContains) {
        assertThat(a.status()).as(a.text()).isEqualTo(status);
        assertThat(a.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(a.json().get("error").asText()).isEqualTo(code);
        assertThat(a.json().get("message").asText()).contains(messageContains);
    }

    @Test
    void groups_listsTheGroupWithTheOrgsTheCallerMayRead() {
        Answer a = call("/groups", ApiRequest.of("GET", "/groups"));

        assertThat(a.status()).isEqualTo(200);
        JsonNode customer = a.json().get("groups").get(0);
        assertThat(customer.get("group").asText()).isEqualTo("customer");
        assertThat(customer.get("orgs").toString()).contains("\"acme\"");
    }

    @Test
    void group_answersTheOrgsFieldsAndVersions() {
        Answer a = call("/groups/{group}", ApiRequest.of("GET", "/groups/customer?org=acme"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("org").asText()).isEqualTo("acme");
        assertThat(a.json().get("current").asText()).isEqualTo(version());
        assertThat(a.json().get("fields").findValuesAsText("name")).contains("age", "last_order_at");
    }

    @Test
    void group_unknown_is404NamingIt() {
        assertError(call("/groups/{group}", ApiRequest.of("GET", "/groups/nosuch")), 404, "not_found", "Cannot find group 'nosuch'");
    }

    @Test
    void unknownRoute_is404ListingTheRoutes() {
        Answer a = call(null, ApiRequest.of("GET", "/nope"));

        assertError(a, 404, "not_found", "Cannot find route GET /nope (routes: GET /groups, GET /groups/{group}, "
                + "POST /groups/{group}/features, GET /groups/{group}/entities/{id}, POST /groups/{group}/training-set, GET /groups/{group}/drift, GET /openapi.json");
    }

    @Test
    void knownRouteWithAnotherMethod_is405WithAllow() {
        Answer post = call(null, ApiRequest.of("POST", "/groups").withBody("{}"));
        Answer get = call(null, ApiRequest.of("GET", "/groups/customer/features"));

        assertError(post, 405, "method_not_allowed", "Cannot POST /groups (use GET)");
        assertThat(post.header("allow")).isEqualTo("GET");
        assertError(get, 405, "method_not_allowed", "(use POST)");
        assertThat(get.header("allow")).isEqualTo("POST");
    }

    @Test
    void bodyThatIsNotJson_is415() {
        Answer plain = call(null, ApiRequest.of("POST", "/groups/customer/features").withBody("{\"org\": \"acme\"}")
                .withHeader("Content-Type", "text/plain"));
        Answer form = call(null, ApiRequest.of("POST", "/groups/customer/features").withBody("org=acme")
                .withHeader("Content-Type", "application/x-www-form-urlencoded"));

        assertError(plain, 415, "unsupported_media_type", "the body's Content-Type is 'text/plain' (send the body as application/json)");
        assertError(form, 415, "unsupported_media_type", "application/x-www-form-urlencoded");
    }

    @Test
    void features_columnsComeInTheRequestedOrder_withTheVersionHeader() {
        List<String> columns = List.of("id", "last_order_at", "age");
        expectRows(columns);

        Answer a = features("{\"org\": \"acme\", \"features\": [\"last_order_at\", \"age\"], \"exclude\": [\"*\"],"
                + " \"filters\": [\"age >= 30\"], \"limit\": 50}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(a.header("x-featurestore-version")).isEqualTo(version());
        JsonNode body = a.json();
        assertThat(body.get("version").asText()).isEqualTo(version());
        assertThat(body.get("columns").findValuesAsText("name")).containsExactlyElementsOf(columns);
        assertThat(body.get("warnings")).isEmpty();
        assertThat(body.get("row_count").asLong()).isEqualTo(body.get("rows").size()).isPositive();
        body.get("rows").forEach(row -> assertThat(row.fieldNames()).toIterable().containsExactlyElementsOf(columns));
        assertRan(columns, "age >= 30", 50, a);
    }

    @Test
    void features_patternMatchingNoField_isAWarning() {
        expectRows(List.of("id", "age"));

        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\", \"return*\"], \"exclude\": [\"*\"], \"limit\": 5}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json().get("warnings").toString()).isEqualTo("[\"features pattern \\\"return*\\\" matches no field\"]");
    }

    @Test
    void features_csv_hasTheHeaderInRequestedOrder_andWarningsInAHeader() {
        expectRows(List.of("id", "age"));

        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\", \"nothing*\"], \"exclude\": [\"*\"], \"limit\": 3,"
                + " \"format\": \"csv\"}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.header("content-type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(a.text()).startsWith("id,age\n").doesNotContain("\n\n");
        assertThat(a.header("x-featurestore-warnings")).isEqualTo("[\"features pattern \\\"nothing*\\\" matches no field\"]");
        assertThat(a.header("x-featurestore-version")).isEqualTo(version());
    }

    @Test
    void features_acceptHeader_picksTheFirstOfOurFormats() {
        expectRows(List.of("id", "age"));
        Answer csvFirst = send(ApiRequest.of("POST", "/groups/customer/features")
                .withBody("{\"org\": \"acme\", \"features\": \"age\", \"exclude\": \"*\", \"limit\": 1}")
                .withHeader("Accept", "text/csv;q=0.9, application/json"));
        expectRows(List.of("id", "age"));
        Answer jsonFirst = send(ApiRequest.of("POST", "/groups/customer/features")
                .withBody("{\"org\": \"acme\", \"features\": \"age\", \"exclude\": \"*\", \"limit\": 1}")
                .withHeader("Accept", "application/json, text/csv"));

        assertThat(csvFirst.header("content-type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(jsonFirst.header("content-type")).isEqualTo("application/json; charset=utf-8");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"org\": \"acme\", \"colums\": [\"age\"]}", "bad_request", "unknown key \"colums\""),
                Arguments.of("{\"org\": \"acme\", \"features\": 5}", "bad_request", "\"features\" must be"),
                Arguments.of("{\"org\": \"acme\", \"exclude\": [1]}", "bad_request", "\"exclude\" must be"),
                Arguments.of("{\"org\": \"acme\", \"features\": [\"agee\"]}", "query_error", "unknown field \"agee\" in features"),
                Arguments.of("{\"org\": \"acme\", \"filters\": {\"age\": 1}}", "bad_request", "\"filters\" must be"),
                Arguments.of("{\"org\": \"acme\", \"filters\": [\"age >= \"]}", "query_error", "Cannot parse filter \"age >= \""),
                Arguments.of("{\"org\": \"acme\", \"filters\": [\"age >= 30; DROP TABLE t\"]}", "query_error", "position 10"),
                Arguments.of("{\"org\": \"../x\"}", "bad_request", "\"org\": org '../x' is not a valid name"),
                Arguments.of("{\"org\": \"acme\", \"version\": \"a/b\"}", "bad_request", "\"version\": version 'a/b' is not a valid name"),
                Arguments.of("{\"org\": \"acme\", \"as_of\": \"yesterday\"}", "bad_request", "\"as_of\""),
                Arguments.of("{\"org\": \"acme\", \"limit\": -1}", "bad_request", "\"limit\""),
                Arguments.of("{\"org\": \"acme\", \"limit\": \"ten\"}", "bad_request", "\"limit\""),
                Arguments.of("{\"org\": \"acme\", \"format\": \"xml\"}", "bad_request", "unknown format \"xml\""),
                Arguments.of("[1]", "bad_request", "the body must be a JSON object"),
                Arguments.of("{oops", "bad_request", "the body is not valid JSON"),
                Arguments.of("{\"org\": \"acme\", \"org\": \"globex\"}", "bad_request", "Duplicate field 'org'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void features_badInput_is400NamingTheField(String body, String code, String message) {
        assertError(features(body), 400, code, message);
    }

    static Stream<Arguments> badIdentifiers() {
        return Stream.of(
                Arguments.of("/groups/..%2F..%2F..%2Fetc%2Fpasswd", "{group}: group '../../../etc/passwd' is not a valid name"),
                Arguments.of("/groups/Customer", "{group}: group 'Customer' is not a valid name"),
                Arguments.of("/groups/customer%00", "{group}: group 'customer\\u0000' is not a valid name"),
                Arguments.of("/groups/customer?org=..", "?org=: org '..' is not a valid name"),
                Arguments.of("/groups/customer?org=%00", "?org=: org '\\u0000' is not a valid name"),
                Arguments.of("/groups/customer/drift?org=acme&from=..", "?from=: version '..' is not a valid name"),
                Arguments.of("/groups/customer/drift?org=acme&to=a%3Db", "?to=: version 'a=b' is not a valid name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIdentifiers")
    void badIdentifierInTheUrl_is400NamingIt(String url, String message) {
        assertError(call(null, ApiRequest.of("GET", url)), 400, "bad_request", message);
    }

    @Test
    void features_badIdentifiersInTheBody_are400() {
        assertError(features("{\"org\": \"acme\", \"version\": \"a=b\"}"), 400, "bad_request", "\"version\": version 'a=b' is not a valid name");
        assertError(features("{\"org\": \"ac\\u0000me\"}"), 400, "bad_request", "\"org\": org 'ac\\u0000me' is not a valid name");
        assertError(features("{\"org\": \"acme\", \"as_of\": \"+10000-01-01T00:00:00Z\"}"), 400, "bad_request", "\"as_of\" is +10000-01-01T00:00:00Z, outside the years 0001 to 9999");
    }

    @Test
    void features_unknownVersion_is404() {
        assertError(features("{\"org\": \"acme\", \"version\": \"20200101T000000Z-0000\"}"), 404, "not_found",
                "Cannot find version '20200101T000000Z-0000' of group 'customer' for org 'acme'");
    }

    @Test
    void features_orgWithoutAPublishedVersion_is404_orNotReadable_is403() {
        Answer a = features("{\"org\": \"globex\"}");

        if (hasTenancy()) {
            assertError(a, 403, "forbidden", "Cannot read org 'globex': ");
        } else {
            assertError(a, 404, "not_found", "Cannot find a published version of group 'customer' for org 'globex'");
        }
    }

    @Test
    void features_inAnOrgOfNoGroup_is404_or403() {
        Answer a = features("{\"org\": \"initech\"}");

        if (hasTenancy()) {
            assertError(a, 403, "forbidden", "Cannot read org 'initech'");
        } else {
            assertError(a, 404, "not_found", "Cannot find org 'initech' in group 'customer'");
        }
    }

    @Test
    void drift_withOneVersion_is404SayingThereIsNoEarlierOne() {
        assertError(call("/groups/{group}/drift", ApiRequest.of("GET", "/groups/customer/drift?org=acme")), 404, "not_found",
                "has no earlier version");
    }

    private Answer reproduce(String version, String body) {
        return call("/groups/{group}/versions/{version}/reproductions",
                ApiRequest.of("POST", "/groups/customer/versions/" + version + "/reproductions").withBody(body));
    }

    @Test
    void reproduce_unknownVersion_is404NamingIt() {
        assertError(reproduce("20200101T000000Z-0000", "{\"org\": \"acme\"}"), 404, "not_found",
                "Cannot find version '20200101T000000Z-0000' of group 'customer' for org 'acme'");
    }

    @Test
    void reproduce_badVersionOrBody_is400() {
        assertError(reproduce("a=b", "{\"org\": \"acme\"}"), 400, "bad_request", "version 'a=b' is not a valid name");
        assertError(reproduce(version(), "{\"org\": \"acme\", \"force\": true}"), 400, "bad_request",
                "Cannot start a run: unknown key \"force\" (known keys: org)");
    }

    @Test
    void reproduce_theVersionInAnotherOrg_is404_orNotReadable_is403() {
        Answer a = reproduce(version(), "{\"org\": \"globex\"}");

        if (hasTenancy()) {
            assertError(a, 403, "forbidden", "Cannot read org 'globex'");
        } else {
            assertError(a, 404, "not_found", "Cannot find version '" + version() + "' of group 'customer' for org 'globex'");
        }
    }

    @Test
    void reproduction_unknown_is404() {
        assertError(call("/groups/{group}/versions/{version}/reproductions/{reproduction}", ApiRequest.of("GET",
                        "/groups/customer/versions/" + version() + "/reproductions/20200101T000000Z-0000?org=acme")), 404, "not_found",
                "Cannot find reproduction '20200101T000000Z-0000' of version '" + version() + "' of group 'customer'");
    }

    /** An id the published version has: the first row of a features read (canned on the emulator, real on serve). */
    private String someId() {
        expectRows(List.of("id", "age"));
        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"limit\": 1}");
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        return a.json().get("rows").get(0).get("id").asText();
    }

    @Test
    void entity_byId_answersItsRow_withTheVersionHeader() {
        String id = someId();

        Answer a = call("/groups/{group}/entities/{id}",
                ApiRequest.of("GET", "/groups/customer/entities/" + id + "?org=acme&features=age"));

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.header("x-featurestore-version")).isEqualTo(version());
        assertThat(a.json().get("entity").get("id").asText()).isEqualTo(id);
        assertThat(a.json().get("entity").has("age")).isTrue();
        assertThat(a.json().get("version").asText()).isEqualTo(version());
    }

    @Test
    void entity_unknownId_is404NamingIt() {
        assertError(call("/groups/{group}/entities/{id}", ApiRequest.of("GET", "/groups/customer/entities/nosuch-id?org=acme")),
                404, "not_found", "Cannot find entity 'nosuch-id' in group 'customer' for org 'acme'");
    }

    @Test
    void features_ids_answerTheRowsInTheAskedOrder_withNullRowsForMissingIds() {
        String id = someId();

        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\"], \"ids\": [\"nosuch-id\", \"" + id
                + "\"], \"include_missing\": true}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.header("x-featurestore-version")).isEqualTo(version());
        JsonNode rows = a.json().get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("id").asText()).isEqualTo("nosuch-id");
        assertThat(rows.get(0).get("age").isNull()).isTrue();
        assertThat(rows.get(1).get("id").asText()).isEqualTo(id);
        assertThat(rows.get(1).get("age").isNull()).isFalse();
    }

    @Test
    void features_idsWithFilters_narrowTheEngineQueryToThoseIds() {
        String id = someId();
        expectRows(List.of("id", "age"));

        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"filters\": [\"age >= 0\"],"
                + " \"ids\": [\"" + id + "\", \"nosuch-id\"]}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json().get("rows")).isNotEmpty();
        a.json().get("rows").forEach(row -> assertThat(row.get("id").asText()).isEqualTo(id));
    }

    @Test
    void features_unknownIdsWithoutIncludeMissing_areAbsent() {
        Answer a = features("{\"org\": \"acme\", \"ids\": [\"nosuch-id\"]}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json().get("rows")).isEmpty();
        assertThat(a.json().get("row_count").asLong()).isZero();
    }

    static Stream<Arguments> badIds() {
        String oneId = "[\"x\"]";
        StringBuilder overEngineCap = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            overEngineCap.append(i == 0 ? "" : ",").append("\"i").append(i).append('"');
        }
        overEngineCap.append(']');
        StringBuilder overCap = new StringBuilder("[");
        for (int i = 0; i <= 100_000; i++) {
            overCap.append(i == 0 ? "" : ",").append("\"").append(Integer.toString(i, 36)).append('"');
        }
        overCap.append(']');
        return Stream.of(
                Arguments.of("{\"org\": \"acme\", \"ids\": [\"c1\", 42]}", "\"ids\"[1] is 42, not a string"),
                Arguments.of("{\"org\": \"acme\", \"ids\": \"c1\"}", "\"ids\" must be a list of strings"),
                Arguments.of("{\"org\": \"acme\", \"ids\": " + oneId + ", \"include_missing\": \"yes\"}",
                        "\"include_missing\" must be true or false"),
                Arguments.of("{\"org\": \"acme\", \"include_missing\": true}", "\"include_missing\" needs \"ids\""),
                Arguments.of("{\"org\": \"acme\", \"ids\": [\"c1\"], \"filters\": [\"age > 1\"], \"include_missing\": true}",
                        "Cannot use \"include_missing\" with \"filters\""),
                Arguments.of("{\"org\": \"acme\", \"ids\": [\"c1\"], \"limit\": 3}", "Cannot look up ids with a limit"),
                Arguments.of("{\"org\": \"acme\", \"ids\": [\"c1\"], \"format\": \"parquet\"}",
                        "Cannot answer a lookup by ids as Parquet over HTTP"),
                Arguments.of("{\"org\": \"acme\", \"ids\": " + overEngineCap + ", \"filters\": [\"age > 1\"], \"format\": \"parquet\"}",
                        "Cannot answer 1001 ids with filters as Parquet over HTTP (ask for json or csv"),
                Arguments.of("{\"org\": \"acme\", \"ids\": " + overCap + "}", "Cannot look up 100001 ids: at most 100000 per request"));
    }

    @ParameterizedTest
    @MethodSource("badIds")
    void features_badIds_are400NamingTheField(String body, String message) {
        assertError(features(body), 400, "bad_request", message);
    }

    private Answer trainingSet(String body) {
        return call("/groups/{group}/training-set", ApiRequest.of("POST", "/groups/customer/training-set").withBody(body));
    }

    static Stream<Arguments> badEntityRows() {
        return Stream.of(
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": 42, \"event_time\": \"2026-11-24T00:00:00Z\"}]}",
                        "\"entities\"[0].id is 42 (ids are strings"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\"},"
                        + " {\"id\": \"c2\", \"event_time\": \"2026-11-24T00:00:00\"}]}", "\"entities\"[1].event_time \"2026-11-24T00:00:00\" has no zone"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": \"c1\", \"event_time\": \"yesterday\"}]}",
                        "\"entities\"[0].event_time \"yesterday\" is not an ISO-8601 timestamp"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": \"c1\", \"event_time\": \"2026-13-45T00:00:00Z\"}]}",
                        "\"entities\"[0].event_time \"2026-13-45T00:00:00Z\" is not an ISO-8601 timestamp"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": \"c1\"}]}", "\"entities\"[0].event_time is missing"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [{\"id\": \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\", \"x\": [1]}]}",
                        "\"entities\"[0].x is a list or object"),
                Arguments.of("{\"org\": \"acme\", \"entities\": {}}", "\"entities\" must be a list of objects"),
                Arguments.of("{\"org\": \"acme\", \"entities\": [], \"filters\": [\"age > 1\"]}",
                        "a training set takes only entities, org, features and exclude"));
    }

    @ParameterizedTest
    @MethodSource("badEntityRows")
    void trainingSet_badEntityRows_are400NamingTheRowAndField(String body, String message) {
        assertError(trainingSet(body), 400, "bad_request", message);
    }

    @Test
    void trainingSet_forAnOrgTheCallerMayNotRead_is403_orWithoutVersions_is404() {
        Answer a = trainingSet("{\"org\": \"globex\", \"entities\": [{\"id\": \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\"}]}");

        if (hasTenancy()) {
            assertError(a, 403, "forbidden", "Cannot read org 'globex': ");
        } else {
            assertError(a, 404, "not_found", "Cannot build a training set of group 'customer' for org 'globex': no version was ever published");
        }
    }

    @Test
    void trainingSet_joinsEachRowWithTheVersionOfItsEventTime_keepingOrderAndLabels() {
        Map.Entry<String, Long> known = knownEntity();
        String id = known.getKey();
        long age = known.getValue();
        expectTrainingSet(java.util.Arrays.asList(age, null, null));

        Answer a = trainingSet("{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"entities\": ["
                + "{\"id\": \"" + id + "\", \"event_time\": \"2999-01-01T00:00:00Z\", \"label\": 1},"
                + "{\"id\": \"" + id + "\", \"event_time\": \"2000-01-01T00:00:00+02:00\", \"label\": 0},"
                + "{\"id\": \"nosuch-id\", \"event_time\": \"2999-01-01T00:00:00Z\", \"label\": 1}]}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode rows = a.json().get("rows");
        assertThat(a.json().get("columns").toString()).isEqualTo("[\"id\",\"event_time\",\"label\",\"age\"]");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("id").asText()).isEqualTo(id);
        assertThat(rows.get(0).get("event_time").asText()).isEqualTo("2999-01-01T00:00:00Z");
        assertThat(rows.get(0).get("label").asLong()).isEqualTo(1);
        assertThat(rows.get(0).get("age").asLong()).as("after the version's data: its features").isEqualTo(age);
        assertThat(rows.get(0).get("age").isIntegralNumber()).as("integers stay integers").isTrue();
        assertThat(rows.get(1).get("event_time").asText()).as("as an instant in UTC").isEqualTo("1999-12-31T22:00:00Z");
        assertThat(rows.get(1).get("label").asLong()).isZero();
        assertThat(rows.get(1).get("age").isNull()).as("before any version: no leakage, nulls").isTrue();
        assertThat(rows.get(2).get("id").asText()).isEqualTo("nosuch-id");
        assertThat(rows.get(2).get("age").isNull()).isTrue();
        assertThat(a.json().get("row_count").asLong()).isEqualTo(3);
        assertTrainingSetRan();
    }

    @Test
    void features_idsWithFilters_beyondOneInFilter_areNarrowedByTheEngine() {
        Map.Entry<String, Long> known = knownEntity();
        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < 1500; i++) {
            ids.append(i == 0 ? "" : ",").append("\"nosuch-").append(i).append('"');
            if (i == 700) {
                ids.append(",\"").append(known.getKey()).append('"');
            }
        }
        ids.append(']');
        expectRows(List.of("id", "age"));

        Answer a = features("{\"org\": \"acme\", \"features\": [\"age\"], \"exclude\": [\"*\"], \"ids\": " + ids
                + ", \"filters\": [\"age >= " + known.getValue() + "\"]}");

        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode rows = a.json().get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("id").asText()).isEqualTo(known.getKey());
        assertThat(rows.get(0).get("age").asLong()).isEqualTo(known.getValue());
        assertNarrowedByTheEngine(1501);
    }

    @Test
    void openapi_isServed() {
        Answer a = call("/openapi.json", ApiRequest.of("GET", "/openapi.json"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json()).isEqualTo(OpenApiContract.document());
    }
}
