package dev.featurestore.api;

/** Result rows of a query, one at a time, values in the plan's column order (as the engine returns them). */
public interface RowCursor extends AutoCloseable {
    boolean next();

    /** The value of column {@code index} (0-based) of the current row; null for SQL NULL. */
    Object value(int index);

    @Override
    void close();
}
