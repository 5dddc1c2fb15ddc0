package dev.featurestore.function;

import java.time.Instant;
import java.time.LocalDate;

/** A forward-only cursor over the rows of a source query, by column name. */
public interface SourceRows extends AutoCloseable {

    /** Moves to the next row; false after the last one. */
    boolean next();

    boolean isNull(String column);

    String getString(String column);

    long getLong(String column);

    double getDouble(String column);

    boolean getBoolean(String column);

    LocalDate getDate(String column);

    Instant getTimestamp(String column);

    /** The value as its natural Java type (see {@link dev.featurestore.types.FieldType}), or null. */
    Object get(String column);

    @Override
    void close();
}
