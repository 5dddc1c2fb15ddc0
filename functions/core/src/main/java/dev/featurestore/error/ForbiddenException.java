package dev.featurestore.error;

/** The caller may not read or write the requested org. */
public final class ForbiddenException extends FeatureStoreException {
    public ForbiddenException(String message) {
        super(ErrorKind.FORBIDDEN, message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(ErrorKind.FORBIDDEN, message, cause);
    }
}
