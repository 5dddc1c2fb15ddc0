package dev.featurestore.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The sample events of {@code events/} (the repository's), read by the tests that drive the handlers. */
public final class Events {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    public static Path directory() {
        String root = System.getProperty("featurestore.root");
        Path base = root != null ? Path.of(root) : Path.of("../..");
        return base.resolve("events");
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(directory().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An API Gateway event for {@code method path} with {@code query}, a JSON {@code body} (none when null) and the
     * IAM caller {@code callerArn}, built on {@code api-get-drift.json}.
     */
    public static ObjectNode api(String method, String path, String body, Map<String, String> query, String callerArn) {
        ObjectNode event = json("api-get-drift.json");
        event.put("httpMethod", method).put("path", path).put("resource", path);
        ObjectNode parameters = event.putObject("queryStringParameters");
        query.forEach(parameters::put);
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
            ((ObjectNode) event.with("headers")).put("Content-Type", "application/json");
        }
        ((ObjectNode) event.path("requestContext").path("identity")).put("userArn", callerArn);
        return event;
    }

    public static byte[] write(JsonNode event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
