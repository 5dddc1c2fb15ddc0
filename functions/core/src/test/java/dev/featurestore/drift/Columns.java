package dev.featurestore.drift;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/** Builds real column statistics (through the merge's collectors) for drift tests. */
public final class Columns {
    private Columns() {
    }

    private static ColumnObserver observer(StatsCollector stats, Field field) {
        return stats.create(0, field);
    }

    public static ColumnStats numeric(String type, int n, double nullRate, long seed, DoubleSupplierFactory values) {
        Field f = new Field("x", FieldType.parse(type).orElseThrow());
        StatsCollector stats = StatsCollector.create(Schema.of(f));
        ColumnObserver o = observer(stats, f);
        Random r = new Random(seed);
        DoubleSupplier next = values.create(r);
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < nullRate) {
                o.observeNull(i);
            } else if (f.type().kind().isNumeric() && f.type().kind() != dev.featurestore.types.TypeKind.DOUBLE
                    && f.type().kind() != dev.featurestore.types.TypeKind.FLOAT || type.equals("date") || type.equals("timestamp")) {
                o.observeLong(i, Math.round(next.getAsDouble()));
            } else {
                o.observeDouble(i, next.getAsDouble());
            }
        }
        return stats.result().get("x");
    }

    public static ColumnStats normal(int n, double mean, double sd, long seed) {
        return numeric("double", n, 0, seed, r -> () -> mean + sd * r.nextGaussian());
    }

    /** Exactly {@code counts[i]} values {@code values[i]}, and {@code nulls} nulls. */
    public static ColumnStats strings(List<String> values, List<Integer> counts, int nulls) {
        Field f = new Field("s", FieldType.STRING);
        StatsCollector stats = StatsCollector.create(Schema.of(f));
        ColumnObserver o = observer(stats, f);
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < counts.get(i); k++) {
                o.observeString((long) i << 32 | k, b, 0, b.length, dev.featurestore.merge.RowKeys.hash(b, 0, b.length));
            }
        }
        for (int k = 0; k < nulls; k++) {
            o.observeNull(-1 - k);
        }
        return stats.result().get("s");
    }

    public static ColumnStats booleans(int trues, int falses, int nulls) {
        Field f = new Field("b", FieldType.BOOLEAN);
        StatsCollector stats = StatsCollector.create(Schema.of(f));
        ColumnObserver o = observer(stats, f);
        for (int k = 0; k < trues; k++) {
            o.observeBoolean(k, true);
        }
        for (int k = 0; k < falses; k++) {
            o.observeBoolean(trues + k, false);
        }
        for (int k = 0; k < nulls; k++) {
            o.observeNull(-1 - k);
        }
        return stats.result().get("b");
    }

    @FunctionalInterface
    public interface DoubleSupplierFactory {
        DoubleSupplier create(Random r);
    }
}
