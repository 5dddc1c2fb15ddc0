package dev.featurestore.calculate;

import dev.featurestore.merge.ColumnBatch;
import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counts the rows the merge has written, for progress: an observer on the first output field (one call per
 * row; the merge sees every value of every field), telling {@code sink} the running total every
 * {@link #STEP} rows per worker.
 */
final class MergeProgress {
    static final int STEP = 4_096;

    private MergeProgress() {
    }

    static ColumnObserver.Factory counting(Schema fields, LongConsumer sink) {
        if (fields.size() == 0) {
            return ColumnObserver.Factory.NONE;
        }
        Field first = fields.fields().get(0);
        AtomicLong total = new AtomicLong();
        return (worker, field) -> field.equals(first) ? new Counter(total, sink) : null;
    }

    private static final class Counter implements ColumnObserver {
        private final AtomicLong total;
        private final LongConsumer sink;
        private int pending;

        Counter(AtomicLong total, LongConsumer sink) {
            this.total = total;
            this.sink = sink;
        }

        private void row() {
            rows(1);
        }

        private void rows(int count) {
            if ((pending += count) >= STEP) {
                sink.accept(total.addAndGet(pending));
                pending = 0;
            }
        }

        @Override
        public void observe(ColumnBatch batch) {
            rows(batch.size());
        }

        @Override
        public void observeNull(long row) {
            row();
        }

        @Override
        public void observeLong(long row, long value) {
            row();
        }

        @Override
        public void observeDouble(long row, double value) {
            row();
        }

        @Override
        public void observeBoolean(long row, boolean value) {
            row();
        }

        @Override
        public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
            row();
        }
    }
}
