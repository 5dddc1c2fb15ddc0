package dev.featurestore.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of an {@link ApiResponse}, written when the transport is ready: {@code serve} streams it (chunked),
 * the Lambda buffers it. A failure while writing is thrown to the transport, which must not let the answer look
 * complete (docs/api.md, "Failures while streaming").
 */
@FunctionalInterface
public interface ResponseBody {

    /** Writes the body; returns the number of feature rows written, or -1 when the body holds no rows. */
    long writeTo(OutputStream out) throws IOException;

    static ResponseBody of(byte[] bytes) {
        return out -> {
            out.write(bytes);
            return -1;
        };
    }

    static ResponseBody of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
