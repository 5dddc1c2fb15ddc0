package dev.featurestore.api;

import dev.featurestore.query.FilterText;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, written by the transports once the answer is out:
 * {@code request method=POST path=/groups/customer/features org=acme status=200 rows=412 ms=37} at info (5xx at
 * error); an answer that failed after it began (the client sees it aborted, not as an error status) at error, with
 * its cause. {@code serve} shows the info lines without {@code --verbose} (docs/local.md).
 */
public final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    private final Consumer<String> info;
    private final BiConsumer<String, Throwable> error;

    /** Lines to these sinks (tests); {@link #slf4j()} for the real logs. */
    public RequestLog(Consumer<String> info, BiConsumer<String, Throwable> error) {
        this.info = info;
        this.error = error;
    }

    /** Info lines to slf4j's info, failures to its error level (logger {@code dev.featurestore.api.RequestLog}). */
    public static RequestLog slf4j() {
        return new RequestLog(LOG::info, LOG::error);
    }

    public void served(ApiRequest request, ApiResponse response, long rows, long millis) {
        String line = line(request, response, rows < 0 ? "-" : Long.toString(rows), millis);
        if (response.status() >= 500) {
            error.accept(line, null);
        } else {
            info.accept(line);
        }
    }

    /** The body failed after the status line was sent: the transport aborted the answer. */
    public void aborted(ApiRequest request, ApiResponse response, long millis, Throwable cause) {
        error.accept(line(request, response, "-", millis) + " aborted: the answer failed after it began: " + cause, cause);
    }

    private static String line(ApiRequest request, ApiResponse response, String rows, long millis) {
        return "request method=" + FilterText.echo(request.method()) + " path=" + FilterText.echo(request.rawPath()) + " org=" + response.org().orElse("-")
                + " status=" + response.status() + " rows=" + rows + " ms=" + millis;
    }
}
