package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI document as a test oracle: which routes it documents, and whether a real answer's body fits the
 * schema it documents for that route, status and media type (validated with networknt's JSON Schema 2020-12
 * validator, the dialect OpenAPI 3.1 uses).
 */
public final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DOCUMENT = read();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private OpenApiContract() {
    }

    public static JsonNode document() {
        return DOCUMENT;
    }

    /** The documented "METHOD /path" pairs, e.g. {@code GET /groups/{group}}. */
    public static List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> paths = DOCUMENT.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = DOCUMENT.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                out.add(methods.next().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return out;
    }

    /**
     * Asserts that a JSON body fits the schema documented for this route's answer with this status. Errors of any
     * route use the Error schema (also for answers of unknown routes, {@code route == null}).
     */
    public static void assertFits(String method, String route, int status, String contentType, byte[] body) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        JsonNode schema;
        if (status >= 400) {
            assertThat(media).as("error bodies are JSON").isEqualTo("application/json");
            schema = JSON.createObjectNode().put("$ref", "#/components/schemas/Error");
        } else {
            JsonNode response = DOCUMENT.path("paths").path(route).path(method.toLowerCase(Locale.ROOT)).path("responses")
                    .path(Integer.toString(status));
            assertThat(response.isMissingNode()).as("%s %s documents status %d", method, route, status).isFalse();
            JsonNode content = response.path("content").path(media);
            assertThat(content.isMissingNode()).as("%s %s %d documents %s", method, route, status, media).isFalse();
            schema = content.path("schema");
            if (!media.equals("application/json")) {
                return; // CSV and Parquet bodies are checked by their own assertions
            }
        }
        assertValid(schema, body);
    }

    private static void assertValid(JsonNode schema, byte[] body) {
        ObjectNode root = schema.deepCopy();
        root.set("components", DOCUMENT.path("components"));
        Schema validator = SCHEMAS.getSchema(root);
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
        List<Error> errors = validator.validate(instance);
        assertThat(errors).as("body %s against %s", abbreviate(instance.toString()), schema).isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    private static JsonNode read() {
        try {
            return JSON.readTree(OpenApi.document());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
