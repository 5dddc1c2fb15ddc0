package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ApiCall> calls = new ArrayList<>();

    private Router router() {
        RouteHandler echo = call -> {
            calls.add(call);
            return ApiResponse.json(200, JSON.createObjectNode().put("name", call.params().getOrDefault("name", "")));
        };
        return new Router()
                .get("/things/{name}", echo)
                .post("/things/{name}", echo)
                .get("/groups/{group}", echo)
                .get("/fails/data", call -> {
                    throw new DataException("Cannot read group 'g': a part file is corrupt");
                })
                .get("/fails/bug", call -> {
                    throw new IllegalStateException("secret path /home/x/lake");
                });
    }

    private static JsonNode body(ApiResponse r) {
        try {
            return JSON.readTree(r.bytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parameter_isOneWholeSegment_percentDecoded_evenAnEncodedSlash() {
        ApiResponse r = router().handle(ApiRequest.of("GET", "/things/a%2Fb%20c+d"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r).get("name").asText()).isEqualTo("a/b c+d");
    }

    @Test
    void doubledAndTrailingSlashes_areIgnored() {
        assertThat(router().handle(ApiRequest.of("GET", "//things/x/")).status()).isEqualTo(200);
    }

    @Test
    void unknownPath_is404ListingTheRoutes() {
        ApiResponse r = router().handle(ApiRequest.of("GET", "/things"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r).get("message").asText()).isEqualTo("Cannot find route GET /things (routes: GET /things/{name}, "
                + "POST /things/{name}, GET /groups/{group}, GET /fails/data, GET /fails/bug)");
    }

    @Test
    void otherMethod_is405_withAllowListingTheMethods() {
        ApiResponse r = router().handle(ApiRequest.of("DELETE", "/things/x"));

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).hasValue("GET, POST");
        assertThat(body(r).get("error").asText()).isEqualTo("method_not_allowed");
        assertThat(body(r).get("message").asText()).isEqualTo("Cannot DELETE /things/x (use GET or POST)");
    }

    @Test
    void bodyMustBeJson_whateverTheCharset_butAnEmptyBodyNeedsNoType() {
        Router router = router();
        ApiRequest post = ApiRequest.of("POST", "/things/x");

        assertThat(router.handle(post).status()).isEqualTo(200);
        assertThat(router.handle(post.withBody("{}").withHeader("Content-Type", "application/json; charset=utf-8")).status()).isEqualTo(200);
        ApiResponse plain = router.handle(post.withBody("{}").withHeader("Content-Type", "text/plain;charset=UTF-8"));
        assertThat(plain.status()).isEqualTo(415);
        assertThat(body(plain).get("message").asText()).isEqualTo("Cannot read request: the body's Content-Type is "
                + "'text/plain;charset=UTF-8' (send the body as application/json)");
        ApiResponse untyped = router.handle(new ApiRequest("POST", "/things/x", java.util.Map.of(), java.util.Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(body(untyped).get("message").asText()).contains("the body's Content-Type is missing");
    }

    @Test
    void identifierParameters_followTheNameRule_beforeTheHandlerRuns() {
        ApiResponse r = router().handle(ApiRequest.of("GET", "/groups/..%2Fsecrets"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("message").asText()).startsWith("Cannot read request: {group}: group '../secrets' is not a valid name");
        assertThat(calls).isEmpty();
    }

    @Test
    void identifierQueryParameters_followTheNameRule() {
        ApiResponse r = router().handle(ApiRequest.of("GET", "/things/x?org=ACME"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("message").asText()).startsWith("Cannot read request: ?org=: org 'ACME' is not a valid name");
        assertThat(calls).isEmpty();
    }

    @Test
    void exceptions_becomeTheBodyAndStatusOfTheirKind_andInternalDetailsStayInTheLog() {
        ApiResponse data = router().handle(ApiRequest.of("GET", "/fails/data"));
        ApiResponse bug = router().handle(ApiRequest.of("GET", "/fails/bug"));

        assertThat(data.status()).isEqualTo(422);
        assertThat(body(data).toString()).isEqualTo("{\"error\":\"data_error\",\"message\":\"Cannot read group 'g': a part file is corrupt\"}");
        assertThat(bug.status()).isEqualTo(500);
        assertThat(body(bug).get("message").asText()).doesNotContain("secret").startsWith("Cannot handle the request: internal error");
    }

    @Test
    void badPercentEncoding_is400() {
        ApiResponse r = router().handle(ApiRequest.of("GET", "/things/%zz"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("message").asText()).startsWith("Cannot read request: \"%zz\" is not valid percent-encoding");
    }

    @Test
    void aRouteRegisteredTwice_isAMistake() {
        assertThatThrownBy(() -> router().get("/things/{name}", call -> null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add route GET /things/{name}: it is already registered");
    }
}
