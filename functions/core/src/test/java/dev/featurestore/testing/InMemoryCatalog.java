package dev.featurestore.testing;

import dev.featurestore.catalog.Catalog;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link Catalog} in memory, for tests: tables evolve like Glue's (new fields added, removed ones kept). */
public final class InMemoryCatalog implements Catalog {
    public final Map<String, Schema> tables = new ConcurrentHashMap<>();
    public final Map<String, String> partitions = new TreeMap<>();
    /** Per table, the column comments the last ensureTable gave. */
    public final Map<String, Map<String, String>> comments = new ConcurrentHashMap<>();

    @Override
    public synchronized List<String> ensureTable(String group, Schema schema, String location, Map<String, String> columnComments) {
        comments.put(group, Map.copyOf(columnComments));
        return ensureTable(group, schema, location);
    }

    @Override
    public synchronized List<String> ensureTable(String group, Schema schema, String location) {
        Schema existing = tables.get(group);
        if (existing == null) {
            tables.put(group, schema);
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        for (Field f : existing.fields()) {
            Field now = schema.field(f.name()).orElse(null);
            if (now == null) {
                removed.add(f.name());
                fields.add(f);
            } else {
                fields.add(now);
            }
        }
        tables.put(group, new Schema(fields).plus(schema));
        return removed;
    }

    @Override
    public synchronized void addPartition(String group, String org, String version, String location) {
        partitions.put(group + "/" + org + "/" + version, location);
    }

    @Override
    public synchronized void dropPartition(String group, String org, String version) {
        partitions.remove(group + "/" + org + "/" + version);
    }

    @Override
    public synchronized List<String> partitions(String group, String org) {
        String prefix = group + "/" + org + "/";
        return partitions.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }
}
