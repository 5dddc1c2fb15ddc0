package dev.featurestore.error;

/** The object store, catalog or query engine failed. */
public final class StorageException extends FeatureStoreException {
    public StorageException(String message) {
        super(ErrorKind.STORAGE, message, null);
    }

    public StorageException(String message, Throwable cause) {
        super(ErrorKind.STORAGE, message, cause);
    }
}
