package dev.featurestore.aws.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.query.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An API Gateway proxy response: status, content type and a text body. */
public record ApiResponse(int status, String contentType, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ApiResponse json(int status, Object body) {
        try {
            return new ApiResponse(status, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write response JSON", e);
        }
    }

    public static ApiResponse of(int status, String contentType, byte[] body) {
        return new ApiResponse(status, contentType, new String(body, StandardCharsets.UTF_8));
    }

    public static ApiResponse error(ErrorBody error) {
        return new ApiResponse(error.status(), "application/json", error.json());
    }

    /** The proxy integration's response object. */
    public ObjectNode toEvent() {
        ObjectNode n = JSON.createObjectNode();
        n.put("statusCode", status);
        n.set("headers", JSON.valueToTree(Map.of("Content-Type", contentType)));
        n.put("body", body);
        n.put("isBase64Encoded", false);
        return n;
    }
}
