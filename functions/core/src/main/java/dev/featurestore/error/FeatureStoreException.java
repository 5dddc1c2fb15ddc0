package dev.featurestore.error;

/** Base of the few unchecked exceptions with meaning; each carries its {@link ErrorKind}. */
public abstract class FeatureStoreException extends RuntimeException {
    private final ErrorKind kind;

    protected FeatureStoreException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The kind of any throwable: ours carry one, anything else is internal. */
    public static ErrorKind kindOf(Throwable t) {
        return t instanceof FeatureStoreException f ? f.kind() : ErrorKind.INTERNAL;
    }
}
