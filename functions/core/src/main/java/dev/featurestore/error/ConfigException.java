package dev.featurestore.error;

/** A group or environment config is invalid; the message names the file, the key and the fix. */
public final class ConfigException extends FeatureStoreException {
    public ConfigException(String message) {
        super(ErrorKind.CONFIG, message, null);
    }

    public ConfigException(String message, Throwable cause) {
        super(ErrorKind.CONFIG, message, cause);
    }
}
