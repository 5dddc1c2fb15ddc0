package dev.featurestore.stats;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the statistics of a merge: pass it as the {@link dev.featurestore.merge.MergeRequest}'s observer
 * factory, then call {@link #result()} once the merge is done.
 *
 * <pre>{@code
 * StatsCollector stats = StatsCollector.create(schema);
 * Merger.merge(new MergeRequest(schema, partials, out, spill, threads, stats));
 * Map<String, ColumnStats> byField = stats.result();
 * }</pre>
 */
public final class StatsCollector implements ColumnObserver.Factory {
    private final Schema schema;
    private final List<Created> created = new ArrayList<>();

    private record Created(int worker, int sequence, ColumnCollector collector) {
    }

    private StatsCollector(Schema schema) {
        this.schema = schema;
    }

    public static StatsCollector create(Schema schema) {
        return new StatsCollector(schema);
    }

    @Override
    public synchronized ColumnObserver create(int worker, Field field) {
        ColumnCollector collector = ColumnCollector.create(field);
        created.add(new Created(worker, created.size(), collector));
        return collector;
    }

    /**
     * The statistics per field, in schema order (then any field observed but not in the schema); a field no
     * worker observed has empty statistics. Combines the workers' collectors in worker order, so the result
     * is deterministic when each worker saw the same values in the same order.
     */
    public synchronized Map<String, ColumnStats> result() {
        List<Created> ordered = new ArrayList<>(created);
        ordered.sort(Comparator.comparingInt(Created::worker).thenComparingInt(Created::sequence));
        Map<String, ColumnCollector> combined = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            combined.put(f.name(), ColumnCollector.create(f));
        }
        for (Created c : ordered) {
            Field f = c.collector().field;
            ColumnCollector target = combined.computeIfAbsent(f.name(), name -> ColumnCollector.create(f));
            if (!target.field.type().equals(f.type())) {
                throw new IllegalStateException("Cannot combine statistics of field '" + f.name() + "': observed as "
                        + f.type() + " and " + target.field.type() + " (one field, one type per merge)");
            }
            target.merge(c.collector());
        }
        Map<String, ColumnStats> result = new LinkedHashMap<>();
        combined.forEach((name, collector) -> result.put(name, collector.toStats()));
        return Collections.unmodifiableMap(result);
    }
}
