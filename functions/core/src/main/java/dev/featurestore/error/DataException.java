package dev.featurestore.error;

/** Data does not match its contract (duplicate id, uncastable column, unreadable file). */
public final class DataException extends FeatureStoreException {
    public DataException(String message) {
        super(ErrorKind.DATA, message, null);
    }

    public DataException(String message, Throwable cause) {
        super(ErrorKind.DATA, message, cause);
    }
}
