package dev.featurestore.error;

/** A get-features request is invalid (unknown field, bad filter, wrong literal type). */
public final class QueryException extends FeatureStoreException {
    public QueryException(String message) {
        super(ErrorKind.QUERY, message, null);
    }

    public QueryException(String message, Throwable cause) {
        super(ErrorKind.QUERY, message, cause);
    }
}
