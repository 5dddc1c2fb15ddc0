package dev.featurestore.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;

/**
 * The body of {@code POST /groups/{group}/runs}: empty, {@code {}} or {@code {"org": "acme"}}. Unknown keys,
 * duplicate keys, a non-string org or one breaking the org name rule ({@link Identifier#ORG}) are 400 {@code bad_request}.
 */
public record StartRunRequest(Optional<String> org) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** Far more than {@code {"org": ...}} needs. */
    public static final int MAX_BODY_BYTES = 4096;

    public static StartRunRequest parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new UsageException("Cannot start a run: the body has " + body.length + " bytes (at most " + MAX_BODY_BYTES
                    + "; it is {\"org\": \"...\"} or empty)");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return new StartRunRequest(Optional.empty());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("Cannot start a run: the body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("Cannot start a run: the body must be a JSON object like {\"org\": \"acme\"}");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("org")) {
                throw new UsageException("Cannot start a run: unknown key \"" + key + "\" (known keys: org)");
            }
        }
        JsonNode org = root.get("org");
        if (org == null || org.isNull()) {
            return new StartRunRequest(Optional.empty());
        }
        if (!org.isTextual()) {
            throw new UsageException("Cannot start a run: \"org\" must be a string, not " + org);
        }
        return new StartRunRequest(Optional.of(Identifier.ORG.require("start a run", org.asText())));
    }
}
