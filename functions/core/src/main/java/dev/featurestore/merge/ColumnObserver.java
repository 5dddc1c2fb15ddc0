package dev.featurestore.merge;

import dev.featurestore.types.Field;

/**
 * Sees every value of one output column as the merge writes it, so statistics and the content checksum are
 * computed in the same pass. One observer per column per merge worker thread (not thread-safe); the merge never
 * calls one from two threads. Value encodings: int/bigint → long; date → epoch day (long); timestamp → epoch
 * microseconds (long); float/double/decimal → double; string → UTF-8 bytes with their {@link RowKeys#hash} (the
 * merge hashes each string once for every observer).
 *
 * <p>{@code row} is the row's key: {@link RowKeys#hash} of its id's UTF-8 bytes, the same for every column of a
 * row and independent of row order, file split and thread scheduling, so observers can be row-aware (the
 * checksum combines it with the value) and sample rows deterministically (the quantile sketch).
 */
public interface ColumnObserver {

    void observeNull(long row);

    void observeLong(long row, long value);

    void observeDouble(long row, double value);

    void observeBoolean(long row, boolean value);

    void observeString(long row, byte[] utf8, int offset, int length, long hash);

    /**
     * Sees the values of a run of consecutive rows at once: the merge's call (one per column per
     * {@value ColumnBatch#CAPACITY} rows). The default passes them on one value at a time; observers on the
     * merge's hot path loop over the batch instead.
     */
    default void observe(ColumnBatch batch) {
        batch.replay(this);
    }

    /** Creates the observers of a merge: called once per output field per worker. */
    @FunctionalInterface
    interface Factory {
        ColumnObserver create(int worker, Field field);

        Factory NONE = (worker, field) -> null;
    }
}
