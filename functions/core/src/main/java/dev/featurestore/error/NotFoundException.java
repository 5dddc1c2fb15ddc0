package dev.featurestore.error;

/** A group, org, version or object that does not exist. */
public final class NotFoundException extends FeatureStoreException {
    public NotFoundException(String message) {
        super(ErrorKind.NOT_FOUND, message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(ErrorKind.NOT_FOUND, message, cause);
    }
}
