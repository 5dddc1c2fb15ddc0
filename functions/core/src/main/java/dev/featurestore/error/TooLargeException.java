package dev.featurestore.error;

/** A request body (or another input with a size limit) is larger than allowed; HTTP 413. */
public final class TooLargeException extends FeatureStoreException {
    public TooLargeException(String message) {
        super(ErrorKind.TOO_LARGE, message, null);
    }
}
