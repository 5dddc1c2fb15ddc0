package dev.featurestore.merge;

import dev.featurestore.types.Field;

/**
 * Sees every value of one output column as the merge writes it, so statistics are computed in the same pass.
 * One observer per column per merge worker thread (not thread-safe); the merge never calls one from two
 * threads. Value encodings: int/bigint → long; date → epoch day (long); timestamp → epoch microseconds
 * (long); float/double/decimal → double; string → UTF-8 bytes.
 */
public interface ColumnObserver {

    void observeNull();

    void observeLong(long value);

    void observeDouble(double value);

    void observeBoolean(boolean value);

    void observeString(byte[] utf8, int offset, int length);

    /** Creates the observers of a merge: called once per output field per worker. */
    @FunctionalInterface
    interface Factory {
        ColumnObserver create(int worker, Field field);

        Factory NONE = (worker, field) -> null;
    }
}
