package dev.featurestore.local.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.featurestore.catalog.Catalog;
import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local catalog: one JSON document per group at {@code catalog/<group>.json} in the lake, the same
 * shape as a Glue table (columns {@code id} + fields, partitions by org and version). Writes replace the
 * document atomically through the object store; calls are serialized within the process.
 */
public final class JsonCatalog implements Catalog {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectStore store;

    public JsonCatalog(ObjectStore store) {
        this.store = store;
    }

    /** The stored document of a table. */
    public record Table(String group, String location, List<Column> columns, List<PartitionEntry> partitions) {
        public Table {
            columns = List.copyOf(columns);
            partitions = List.copyOf(partitions);
        }
    }

    public record Column(String name, String type) {
    }

    public record PartitionEntry(String org, String version, String location) {
    }

    public synchronized Optional<Table> table(String group) {
        return store.get(key(group)).map(bytes -> {
            try {
                return JSON.readValue(bytes, Table.class);
            } catch (IOException e) {
                throw new StorageException("Cannot read catalog entry " + key(group) + ": " + e.getMessage()
                        + " (delete it; the next calculate recreates it)", e);
            }
        });
    }

    /** The table's columns besides {@code id}, as a schema. */
    public Optional<Schema> schema(String group) {
        return table(group).map(t -> new Schema(t.columns().stream()
                .filter(c -> !c.name().equals(Schema.ID))
                .map(c -> new Field(c.name(), FieldType.parse(c.type()).orElseThrow(() -> new StorageException(
                        "Cannot read catalog entry " + key(group) + ": unknown type '" + c.type() + "'"))))
                .toList()));
    }

    @Override
    public synchronized List<String> ensureTable(String group, Schema schema, String location) {
        Optional<Table> existing = table(group);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(Schema.ID, FieldType.STRING.sqlName()));
        for (Field f : schema.fields()) {
            columns.add(new Column(f.name(), f.type().sqlName()));
        }
        List<String> dropped = new ArrayList<>();
        List<PartitionEntry> partitions = List.of();
        if (existing.isPresent()) {
            partitions = existing.get().partitions();
            for (Column c : existing.get().columns()) {
                if (!c.name().equals(Schema.ID) && !schema.contains(c.name())) {
                    dropped.add(c.name());
                    columns.add(c); // kept: old versions still hold it
                }
            }
        }
        write(new Table(group, location, columns, partitions));
        return dropped;
    }

    @Override
    public synchronized void addPartition(String group, String org, String version, String location) {
        Table t = require(group);
        List<PartitionEntry> partitions = new ArrayList<>(t.partitions());
        partitions.removeIf(p -> p.org().equals(org) && p.version().equals(version));
        partitions.add(new PartitionEntry(org, version, location));
        partitions.sort(Comparator.comparing(PartitionEntry::org).thenComparing(PartitionEntry::version));
        write(new Table(t.group(), t.location(), t.columns(), partitions));
    }

    @Override
    public synchronized void dropPartition(String group, String org, String version) {
        Optional<Table> t = table(group);
        if (t.isEmpty()) {
            return;
        }
        List<PartitionEntry> partitions = new ArrayList<>(t.get().partitions());
        if (partitions.removeIf(p -> p.org().equals(org) && p.version().equals(version))) {
            write(new Table(t.get().group(), t.get().location(), t.get().columns(), partitions));
        }
    }

    @Override
    public synchronized List<String> partitions(String group, String org) {
        return table(group).map(t -> t.partitions().stream()
                .filter(p -> p.org().equals(org))
                .map(PartitionEntry::version)
                .toList()).orElse(List.of());
    }

    private Table require(String group) {
        return table(group).orElseThrow(() -> new StorageException("Cannot add a partition to table '" + group
                + "': the table does not exist (call ensureTable first)"));
    }

    private void write(Table t) {
        try {
            store.put(key(t.group()), JSON.writeValueAsBytes(t));
        } catch (IOException e) {
            throw new StorageException("Cannot write catalog entry " + key(t.group()) + ": " + e.getMessage(), e);
        }
    }

    private static String key(String group) {
        return "catalog/" + group + ".json";
    }
}
