package dev.featurestore.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Combines several observer factories into one. The merge's statistics and checksum are fused without it
 * ({@code ContentChecksum.around}); this is for extras on a few fields (progress counting on the first field).
 */
public final class ColumnObservers {
    private ColumnObservers() {
    }

    public static ColumnObserver.Factory compose(List<ColumnObserver.Factory> factories) {
        return (worker, field) -> {
            List<ColumnObserver> observers = new ArrayList<>();
            for (ColumnObserver.Factory f : factories) {
                ColumnObserver o = f.create(worker, field);
                if (o != null) {
                    observers.add(o);
                }
            }
            return switch (observers.size()) {
                case 0 -> null;
                case 1 -> observers.get(0);
                default -> new Tee(observers.toArray(ColumnObserver[]::new));
            };
        };
    }

    private record Tee(ColumnObserver[] observers) implements ColumnObserver {
        @Override
        public void observe(ColumnBatch batch) {
            for (ColumnObserver o : observers) {
                o.observe(batch);
            }
        }

        @Override
        public void observeNull(long row) {
            for (ColumnObserver o : observers) {
                o.observeNull(row);
            }
        }

        @Override
        public void observeLong(long row, long value) {
            for (ColumnObserver o : observers) {
                o.observeLong(row, value);
            }
        }

        @Override
        public void observeDouble(long row, double value) {
            for (ColumnObserver o : observers) {
                o.observeDouble(row, value);
            }
        }

        @Override
        public void observeBoolean(long row, boolean value) {
            for (ColumnObserver o : observers) {
                o.observeBoolean(row, value);
            }
        }

        @Override
        public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
            for (ColumnObserver o : observers) {
                o.observeString(row, utf8, offset, length, hash);
            }
        }
    }
}
