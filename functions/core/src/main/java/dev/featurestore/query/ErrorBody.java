package dev.featurestore.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.FeatureStoreException;
import java.io.UncheckedIOException;

/**
 * The JSON error body of the HTTP API, {@code {"error": code, "message": ...}}, and its status: the one place
 * that turns an exception into what {@code serve} and the Lambda QueryHandler answer. Messages of our own
 * exceptions are shown as they are (they are written for users); anything else is an internal error whose
 * details stay in the server log.
 */
public record ErrorBody(int status, String error, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String INTERNAL_MESSAGE = "Cannot handle the request: internal error (details are in the server log)";

    public static ErrorBody of(Throwable t) {
        ErrorKind kind = FeatureStoreException.kindOf(t);
        String message = t instanceof FeatureStoreException && t.getMessage() != null ? t.getMessage() : INTERNAL_MESSAGE;
        return new ErrorBody(kind.httpStatus(), kind.code(), message);
    }

    public static ErrorBody of(ErrorKind kind, String message) {
        return new ErrorBody(kind.httpStatus(), kind.code(), message);
    }

    /** {@code {"error":"query_error","message":"..."}}. */
    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", error);
        node.put("message", message);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
