package dev.featurestore.error;

/** Another run holds the group/org, or a publish lost a race. */
public final class ConflictException extends FeatureStoreException {
    public ConflictException(String message) {
        super(ErrorKind.CONFLICT, message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(ErrorKind.CONFLICT, message, cause);
    }
}
