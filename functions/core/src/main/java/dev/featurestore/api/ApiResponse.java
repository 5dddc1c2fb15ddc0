package dev.featurestore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.query.ErrorBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The router's answer: status, headers (with {@code Content-Type}), a body written later, and the org it read
 * (for the request log line).
 *
 * @param fixedLength the body's length when it is known before writing (small JSON), else empty (streamed)
 */
public record ApiResponse(int status, Map<String, String> headers, ResponseBody body, Optional<String> org,
                          Optional<Long> fixedLength) {
    public static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    /** A JSON answer of a value (a Jackson node, a record, a string already holding JSON). */
    public static ApiResponse json(int status, Object value) {
        byte[] bytes;
        try {
            bytes = value instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new ApiResponse(status, Map.of("Content-Type", JSON_TYPE), ResponseBody.of(bytes), Optional.empty(),
                Optional.of((long) bytes.length));
    }

    /** A streamed answer of this content type. */
    public static ApiResponse stream(int status, String contentType, ResponseBody body) {
        return new ApiResponse(status, Map.of("Content-Type", contentType), body, Optional.empty(), Optional.empty());
    }

    /** The JSON error body of an exception, with the status of its kind. */
    public static ApiResponse error(ErrorBody error) {
        return json(error.status(), error.json());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, h, body, org, fixedLength);
    }

    public ApiResponse withOrg(String readOrg) {
        return new ApiResponse(status, headers, body, Optional.of(readOrg), fixedLength);
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    public String contentType() {
        return header("Content-Type").orElse(JSON_TYPE);
    }

    /** Writes the whole body into memory (the Lambda's transport, tests); the row count is lost. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
