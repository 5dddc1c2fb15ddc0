package dev.featurestore.error;

/**
 * What kind of failure an exception is; the one place that maps failures to HTTP status codes and CLI exit
 * codes (0 ok, 2 usage/config, 3 data, query or not found, 1 internal).
 */
public enum ErrorKind {
    CONFIG("config_error", 500, 2),
    USAGE("bad_request", 400, 2),
    NOT_FOUND("not_found", 404, 3),
    QUERY("query_error", 400, 3),
    DATA("data_error", 422, 3),
    FORBIDDEN("forbidden", 403, 3),
    CONFLICT("conflict", 409, 3),
    TOO_LARGE("payload_too_large", 413, 2),
    /** HTTP only: the path is a route, the method is not. */
    METHOD_NOT_ALLOWED("method_not_allowed", 405, 2),
    /** HTTP only: a request body that is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, 2),
    /** HTTP only: {@code serve} with a token, and the request does not carry it. */
    UNAUTHORIZED("unauthorized", 401, 2),
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
