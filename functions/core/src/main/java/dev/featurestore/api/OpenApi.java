package dev.featurestore.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The API's contract, the OpenAPI 3.1 document {@code openapi.json} on the classpath (docs/api.md). */
public final class OpenApi {
    public static final String RESOURCE = "/dev/featurestore/api/openapi.json";

    private OpenApi() {
    }

    /** The document's text, as served at {@code GET /openapi.json}. */
    public static String document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Cannot read the OpenAPI document: " + RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
