package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;

/**
 * Observes nothing but keeps a sum of what it sees (so the JIT cannot drop the calls): what the observer calls
 * cost by themselves, the baseline of the statistics benchmarks in this package.
 */
final class NoopObserver implements ColumnObserver {
    long seen;

    @Override
    public void observeNull(long row) {
        seen++;
    }

    @Override
    public void observeLong(long row, long value) {
        seen += value;
    }

    @Override
    public void observeDouble(long row, double value) {
        seen += (long) value;
    }

    @Override
    public void observeBoolean(long row, boolean value) {
        seen += value ? 1 : 0;
    }

    @Override
    public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
        seen += hash;
    }
}
