package dev.featurestore.aws.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of an API Gateway REST proxy event the API uses. The caller's identity comes from
 * {@code requestContext}, which API Gateway fills in after IAM (SigV4) authentication; a client cannot set it.
 *
 * @param principalArn   {@code requestContext.identity.userArn} (the IAM user or assumed-role session)
 * @param authorizerOrgs {@code requestContext.authorizer.orgs} (or {@code .org}), set by a Lambda authorizer
 *                       from the principal's tags, when one is configured: comma-separated org names
 */
public record ApiRequest(String method, String resource, String path, Map<String, String> pathParameters,
                         Map<String, String> query, Map<String, String> headers, byte[] body,
                         Optional<String> principalArn, Optional<String> authorizerOrgs) {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        byte[] bytes = root.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        JsonNode ctx = root.path("requestContext");
        JsonNode authorizer = ctx.path("authorizer");
        Optional<String> orgs = text(authorizer, "orgs").or(() -> text(authorizer, "org"));
        return new ApiRequest(root.path("httpMethod").asText(), root.path("resource").asText(""), root.path("path").asText(""),
                map(root.path("pathParameters")), map(root.path("queryStringParameters")), lowerCaseKeys(map(root.path("headers"))),
                bytes, text(ctx.path("identity"), "userArn"), orgs);
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(s -> !s.isBlank());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
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

    private static Map<String, String> lowerCaseKeys(Map<String, String> in) {
        Map<String, String> m = new TreeMap<>();
        in.forEach((k, v) -> m.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return m;
    }
}
