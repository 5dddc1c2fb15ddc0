package dev.featurestore.merge;

import java.util.ArrayList;
import java.util.List;

/** Combines several observer factories into one (statistics and checksums in the same merge pass). */
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
        public void observeNull() {
            for (ColumnObserver o : observers) {
                o.observeNull();
            }
        }

        @Override
        public void observeLong(long value) {
            for (ColumnObserver o : observers) {
                o.observeLong(value);
            }
        }

        @Override
        public void observeDouble(double value) {
            for (ColumnObserver o : observers) {
                o.observeDouble(value);
            }
        }

        @Override
        public void observeBoolean(boolean value) {
            for (ColumnObserver o : observers) {
                o.observeBoolean(value);
            }
        }

        @Override
        public void observeString(byte[] utf8, int offset, int length) {
            for (ColumnObserver o : observers) {
                o.observeString(utf8, offset, length);
            }
        }
    }
}
