package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.QueryException;
import dev.featurestore.error.TooLargeException;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void carriesCodeStatusAndMessage_ofOurExceptions() {
        ErrorBody body = ErrorBody.of(new QueryException("Cannot parse filter \"a\": x"));
        assertThat(body).isEqualTo(new ErrorBody(400, "query_error", "Cannot parse filter \"a\": x"));
        assertThat(body.json()).isEqualTo("{\"error\":\"query_error\",\"message\":\"Cannot parse filter \\\"a\\\": x\"}");
        assertThat(ErrorBody.of(new NotFoundException("Cannot find group 'x'")).status()).isEqualTo(404);
        assertThat(ErrorBody.of(new TooLargeException("big")).error()).isEqualTo("payload_too_large");
    }

    @Test
    void hidesDetailsOfInternalErrors() {
        ErrorBody body = ErrorBody.of(new IllegalStateException("/secret/path broke"));
        assertThat(body).isEqualTo(new ErrorBody(500, "internal_error",
                "Cannot handle the request: internal error (details are in the server log)"));
    }
}
