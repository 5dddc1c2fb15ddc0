package dev.featurestore.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request, written by the transports once the answer is out:
 * {@code request method=POST path=/groups/customer/features org=acme status=200 rows=412 ms=37} at info; a
 * failure the client cannot see as an error status (it came after the answer began) at error, with its cause.
 */
public final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    private RequestLog() {
    }

    public static void served(ApiRequest request, ApiResponse response, long rows, long millis) {
        if (response.status() >= 500) {
            LOG.error("request method={} path={} org={} status={} rows={} ms={}", request.method(), request.rawPath(),
                    response.org().orElse("-"), response.status(), rows < 0 ? "-" : rows, millis);
        } else {
            LOG.info("request method={} path={} org={} status={} rows={} ms={}", request.method(), request.rawPath(),
                    response.org().orElse("-"), response.status(), rows < 0 ? "-" : rows, millis);
        }
    }

    /** The body failed after the status line was sent: the transport aborted the answer. */
    public static void aborted(ApiRequest request, ApiResponse response, long millis, Throwable cause) {
        LOG.error("request method={} path={} org={} status={} rows=- ms={} aborted: the answer failed after it began: {}",
                request.method(), request.rawPath(), response.org().orElse("-"), response.status(), millis, cause.toString(), cause);
    }
}
