package dev.featurestore.error;

/**
 * What kind of failure an exception is; the one place that maps failures to HTTP status codes and CLI exit
 * codes (0 ok, 2 usage/config, 3 data or query, 1 internal).
 */
public enum ErrorKind {
    CONFIG("config_error", 500, 2),
    USAGE("bad_request", 400, 2),
    NOT_FOUND("not_found", 404, 2),
    QUERY("query_error", 400, 3),
    DATA("data_error", 422, 3),
    FORBIDDEN("forbidden", 403, 3),
    CONFLICT("conflict", 409, 3),
    TOO_LARGE("payload_too_large", 413, 2),
    STORAGE("storage_error", 502, 1),
    INTERNAL("internal_error", 500, 1);

    private final String code;
    private final int httpStatus;
    private final int exitCode;

    ErrorKind(String code, int httpStatus, int exitCode) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
    }

    /** Stable machine-readable code, the {@code error} member of JSON error bodies. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int exitCode() {
        return exitCode;
    }
}
