package dev.featurestore.function;

/**
 * Writes a function's partial: one row per entity, {@code id} first, then one value per field of
 * {@link FunctionContext#fields()} in that order (null for missing). Values are the Java types of
 * {@link dev.featurestore.types.FieldType}; numbers are converted to the declared type when exact.
 */
public interface PartialWriter {

    void write(String id, Object... values);

    long rowsWritten();
}
