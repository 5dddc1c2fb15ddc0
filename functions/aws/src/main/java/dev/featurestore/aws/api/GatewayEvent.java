package dev.featurestore.aws.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.api.ApiRequest;
import dev.featurestore.api.ApiResponse;
import dev.featurestore.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * API Gateway REST proxy events in and out: an event becomes the router's {@link ApiRequest}, an
 * {@link ApiResponse} the proxy response. The caller's identity comes from {@code requestContext}, which API
 * Gateway fills in after IAM (SigV4) authentication; a client cannot set it:
 * {@code requestContext.identity.userArn} becomes the request's {@code principal_arn}, and
 * {@code requestContext.authorizer.orgs} (or {@code .org}, comma-separated org names set by a Lambda authorizer)
 * its {@code authorizer_orgs} — used only when the function is told an authorizer is configured ({@link Tenancy}).
 */
public final class GatewayEvent {
    public static final String PRINCIPAL_ARN = "principal_arn";
    public static final String AUTHORIZER_ORGS = "authorizer_orgs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayEvent() {
    }

    public static ApiRequest parse(byte[] event) {
        JsonNode root;
        try {
            root = JSON.readTree(event);
        } catch (JsonProcessingException e) {
            throw new UsageException("Cannot read request: the API Gateway event is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject() || !root.path("httpMethod").isTextual()) {
            throw new UsageException("Cannot read request: not an API Gateway REST proxy event (no httpMethod)");
        }
        String body = root.path("body").isTextual() ? root.path("body").asText() : "";
        byte[] bytes;
        try {
            bytes = root.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Cannot read request: the body is marked base64 but is not (" + e.getMessage() + ")");
        }
        JsonNode ctx = root.path("requestContext");
        Map<String, String> caller = new LinkedHashMap<>();
        text(ctx.path("identity"), "userArn").ifPresent(arn -> caller.put(PRINCIPAL_ARN, arn));
        text(ctx.path("authorizer"), "orgs").or(() -> text(ctx.path("authorizer"), "org"))
                .ifPresent(orgs -> caller.put(AUTHORIZER_ORGS, orgs));
        return new ApiRequest(root.path("httpMethod").asText(), root.path("path").asText(""),
                map(root.path("queryStringParameters")), map(root.path("headers")), bytes, caller);
    }

    /** The proxy integration's response object; the body is text (the Lambda answers JSON and CSV only). */
    public static ObjectNode response(ApiResponse response, byte[] body) {
        ObjectNode n = JSON.createObjectNode();
        n.put("statusCode", response.status());
        ObjectNode headers = n.putObject("headers");
        response.headers().forEach(headers::put);
        n.put("body", new String(body, StandardCharsets.UTF_8));
        n.put("isBase64Encoded", false);
        return n;
    }

    private static java.util.Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() && !v.asText().isBlank() ? java.util.Optional.of(v.asText()) : java.util.Optional.empty();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new TreeMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    m.put(e.getKey(), e.getValue().asText());
                }
            }
        }
        return m;
    }
}
