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
        return toStats(combined());
    }

    private Map<String, ColumnCollector> combined() {
        List<Created> ordered = new ArrayList<>(created);
        ordered.sort(Comparator.comparingInt(Created::worker).thenComparingInt(Created::sequence));
        Map<String, ColumnCollector> combined = empty(schema);
        for (Created c : ordered) {
            combine(combined, c.collector());
        }
        return combined;
    }

    private static Map<String, ColumnCollector> empty(Schema schema) {
        Map<String, ColumnCollector> combined = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            combined.put(f.name(), ColumnCollector.create(f));
        }
        return combined;
    }

    private static void combine(Map<String, ColumnCollector> combined, ColumnCollector collector) {
        Field f = collector.field;
        ColumnCollector target = combined.computeIfAbsent(f.name(), name -> ColumnCollector.create(f));
        if (!target.field.type().equals(f.type())) {
            throw new IllegalStateException("Cannot combine statistics of field '" + f.name() + "': observed as "
                    + f.type() + " and " + target.field.type() + " (one field, one type per merge)");
        }
        target.merge(collector);
    }

    private static Map<String, ColumnStats> toStats(Map<String, ColumnCollector> combined) {
        Map<String, ColumnStats> result = new LinkedHashMap<>();
        combined.forEach((name, collector) -> result.put(name, collector.toStats()));
        return Collections.unmodifiableMap(result);
    }

    /**
     * The sketches of every schema field (the workers' collectors combined), as bytes another process reads
     * with {@link #combine(Schema, List)}: a distributed merge's join task writes them, its finalize step
     * combines them. The same statistics as {@link #result()} when combined alone.
     */
    public synchronized byte[] sketches() {
        Map<String, ColumnCollector> combined = combined();
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeInt(SKETCHES_FORMAT);
            out.writeInt(schema.fields().size());
            for (Field f : schema.fields()) {
                out.writeUTF(f.name());
                out.writeUTF(f.type().sqlName());
                combined.get(f.name()).write(out);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final int SKETCHES_FORMAT = 1;

    /**
     * The statistics of every field from the {@link #sketches()} of several collectors, combined in list order;
     * {@code source} names the sketches in errors. Throws IllegalArgumentException when one is not sketches of
     * this schema.
     */
    public static Map<String, ColumnStats> combine(Schema schema, List<byte[]> sketches) {
        Map<String, ColumnCollector> combined = empty(schema);
        int index = 0;
        for (byte[] bytes : sketches) {
            try {
                java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
                if (in.readInt() != SKETCHES_FORMAT) {
                    throw new java.io.IOException("unknown format");
                }
                int fields = in.readInt();
                if (fields != schema.fields().size()) {
                    throw new java.io.IOException(fields + " fields, the schema has " + schema.fields().size());
                }
                for (Field f : schema.fields()) {
                    String name = in.readUTF();
                    String type = in.readUTF();
                    if (!name.equals(f.name()) || !type.equals(f.type().sqlName())) {
                        throw new java.io.IOException("field " + name + " " + type + " where the schema has " + f.name() + " "
                                + f.type().sqlName());
                    }
                    combine(combined, ColumnCollector.read(f, in));
                }
                if (in.available() != 0) {
                    throw new java.io.IOException(in.available() + " bytes left over");
                }
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException("Cannot combine statistics sketches number " + index + ": " + e.getMessage(), e);
            }
            index++;
        }
        return toStats(combined);
    }
}
