package dev.featurestore.error;

/** A request or command line that is malformed. */
public final class UsageException extends FeatureStoreException {
    public UsageException(String message) {
        super(ErrorKind.USAGE, message, null);
    }

    public UsageException(String message, Throwable cause) {
        super(ErrorKind.USAGE, message, cause);
    }
}
