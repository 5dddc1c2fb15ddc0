package dev.featurestore.aws.glue;

import dev.featurestore.catalog.Catalog;
import dev.featurestore.error.StorageException;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * {@link Catalog} on the Glue Data Catalog: one database per environment, one external Parquet table per
 * group with columns {@code id} + fields (Glue/Hive type names from {@code FieldType.sqlName()}) and
 * string partition keys {@code org} and {@code version}, each partition pointing at one version's directory.
 * A new field evolves the table in place (UpdateTable on the VersionId read, retried when another run changed
 * it meanwhile; Glue keeps the previous table versions); a
 * removed field stays in the table, because older versions still hold it, and is returned for reporting.
 * Each column's comment is its field's docs ({@code ColumnComments}); changed docs update the comments.
 */
public final class GlueCatalog implements Catalog {
    static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    static final List<Column> PARTITION_KEYS = List.of(
            Column.builder().name("org").type("string").build(),
            Column.builder().name("version").type("string").build());

    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalog.class);
    /** UpdateTable attempts when other writers keep changing the table meanwhile. */
    static final int MAX_UPDATE_ATTEMPTS = 5;

    private final GlueClient glue;
    private final String database;
    private volatile boolean databaseChecked;

    private GlueCatalog(GlueClient glue, String database) {
        this.glue = glue;
        this.database = database;
    }

    public static GlueCatalog create(GlueClient glue, String database) {
        return new GlueCatalog(glue, database);
    }

    public String database() {
        return database;
    }

    /**
     * Creates or evolves the table. The evolution is optimistic: UpdateTable names the VersionId it read, Glue
     * refuses it when another writer (another org's merge) updated the table meanwhile, and the columns are then
     * read and merged again, so two concurrent evolutions both land and neither drops the other's column.
     */
    @Override
    public List<String> ensureTable(String group, Schema schema, String location) {
        return ensureTable(group, schema, location, Map.of());
    }

    @Override
    public List<String> ensureTable(String group, Schema schema, String location, Map<String, String> comments) {
        ensureDatabase();
        for (int attempt = 1; ; attempt++) {
            try {
                return evolve(group, columns(schema, comments), location);
            } catch (ConcurrentModificationException e) {
                if (attempt >= MAX_UPDATE_ATTEMPTS) {
                    throw new StorageException("Cannot update table " + database + "." + group + " in Glue: it changed under "
                            + attempt + " attempts in a row (other runs are evolving it; retry the run)", e);
                }
                LOG.info("table changed meanwhile, merging its columns again group={} attempt={}", group, attempt);
            }
        }
    }

    private List<String> evolve(String group, List<Column> wanted, String location) {
        Table existing;
        try {
            existing = glue.getTable(b -> b.databaseName(database).name(group)).table();
        } catch (EntityNotFoundException e) {
            existing = null;
        } catch (SdkException e) {
            throw failure("read table", group, e);
        }
        if (existing == null) {
            try {
                glue.createTable(b -> b.databaseName(database).tableInput(tableInput(group, wanted, location)));
                return List.of();
            } catch (AlreadyExistsException raced) {
                // another run created it meanwhile: evolve that one
                return evolve(group, wanted, location);
            } catch (SdkException e) {
                throw failure("create table", group, e);
            }
        }
        Map<String, Column> current = new LinkedHashMap<>();
        for (Column c : existing.storageDescriptor().columns()) {
            current.put(c.name(), c);
        }
        List<Column> evolved = new ArrayList<>(wanted);
        List<String> removed = new ArrayList<>();
        for (Column c : current.values()) {
            if (wanted.stream().noneMatch(w -> w.name().equals(c.name()))) {
                evolved.add(c); // kept: older versions still have it
                removed.add(c.name());
            }
        }
        boolean changed = !nameTypeAndComment(List.copyOf(current.values())).equals(nameTypeAndComment(evolved))
                || !location.equals(existing.storageDescriptor().location());
        if (changed) {
            String versionId = existing.versionId();
            try {
                glue.updateTable(b -> b.databaseName(database).tableInput(tableInput(group, evolved, location)).versionId(versionId));
            } catch (ConcurrentModificationException e) {
                throw e;
            } catch (SdkException e) {
                throw failure("update table", group, e);
            }
        }
        return removed;
    }

    @Override
    public void addPartition(String group, String org, String version, String location) {
        StorageDescriptor sd = storageDescriptor(currentColumns(group), location);
        try {
            glue.createPartition(b -> b.databaseName(database).tableName(group)
                    .partitionInput(p -> p.values(org, version).storageDescriptor(sd)));
        } catch (AlreadyExistsException e) {
            // publishing again (a retried Merge): point the partition at the location given now
            try {
                glue.updatePartition(b -> b.databaseName(database).tableName(group).partitionValueList(org, version)
                        .partitionInput(p -> p.values(org, version).storageDescriptor(sd)));
            } catch (SdkException e2) {
                throw failure("update partition org=" + org + "/version=" + version + " of", group, e2);
            }
        } catch (SdkException e) {
            throw failure("add partition org=" + org + "/version=" + version + " to", group, e);
        }
    }

    @Override
    public void dropPartition(String group, String org, String version) {
        try {
            glue.deletePartition(b -> b.databaseName(database).tableName(group).partitionValues(org, version));
        } catch (EntityNotFoundException e) {
            // already gone
        } catch (SdkException e) {
            throw failure("drop partition org=" + org + "/version=" + version + " of", group, e);
        }
    }

    /** The versions registered for one org, sorted. */
    @Override
    public List<String> partitions(String group, String org) {
        List<String> versions = new ArrayList<>();
        try {
            for (Partition p : glue.getPartitionsPaginator(b -> b.databaseName(database).tableName(group)).stream().flatMap(r -> r.partitions().stream()).toList()) {
                if (p.values().size() == 2 && p.values().get(0).equals(org)) {
                    versions.add(p.values().get(1));
                }
            }
        } catch (EntityNotFoundException e) {
            return List.of();
        } catch (SdkException e) {
            throw failure("list partitions of", group, e);
        }
        versions.sort(null);
        return versions;
    }

    private List<Column> currentColumns(String group) {
        try {
            return glue.getTable(b -> b.databaseName(database).name(group)).table().storageDescriptor().columns();
        } catch (EntityNotFoundException e) {
            throw new StorageException("Cannot add a partition to table " + database + "." + group
                    + ": the table does not exist (call ensureTable first)", e);
        } catch (SdkException e) {
            throw failure("read table", group, e);
        }
    }

    private void ensureDatabase() {
        if (databaseChecked) {
            return;
        }
        try {
            glue.getDatabase(b -> b.name(database));
        } catch (EntityNotFoundException e) {
            try {
                glue.createDatabase(b -> b.databaseInput(d -> d.name(database).description("featurestore feature groups")));
            } catch (AlreadyExistsException raced) {
                // created meanwhile
            } catch (SdkException e2) {
                throw new StorageException("Cannot create Glue database " + database + ": " + e2.getMessage()
                        + " (check glue:CreateDatabase permission, or create it with the infra stack)", e2);
            }
        } catch (SdkException e) {
            throw new StorageException("Cannot read Glue database " + database + ": " + e.getMessage() + " (check glue:GetDatabase permission)", e);
        }
        databaseChecked = true;
    }

    private static List<String> nameTypeAndComment(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type() + " " + Objects.requireNonNullElse(c.comment(), "")).toList();
    }

    static List<Column> columns(Schema schema) {
        return columns(schema, Map.of());
    }

    /** {@code id} and the fields, each field with its comment when {@code comments} has one. */
    static List<Column> columns(Schema schema, Map<String, String> comments) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.builder().name(Schema.ID).type("string").build());
        for (Field f : schema.fields()) {
            String comment = comments.get(f.name());
            columns.add(Column.builder().name(f.name()).type(f.type().sqlName())
                    .comment(comment == null || comment.isEmpty() ? null : comment).build());
        }
        return columns;
    }

    private static TableInput tableInput(String group, List<Column> columns, String location) {
        return TableInput.builder()
                .name(group)
                .description("featurestore feature group " + group)
                .tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "parquet", "EXTERNAL", "TRUE"))
                .partitionKeys(PARTITION_KEYS)
                .storageDescriptor(storageDescriptor(columns, location))
                .build();
    }

    private static StorageDescriptor storageDescriptor(List<Column> columns, String location) {
        return StorageDescriptor.builder()
                .columns(columns)
                .location(location)
                .inputFormat(INPUT_FORMAT)
                .outputFormat(OUTPUT_FORMAT)
                .serdeInfo(SerDeInfo.builder().serializationLibrary(SERDE).parameters(Map.of("serialization.format", "1")).build())
                .build();
    }

    private StorageException failure(String verb, String group, SdkException e) {
        return new StorageException("Cannot " + verb + " " + database + "." + group + " in Glue: " + e.getMessage()
                + " (retried by the SDK; check the function role's Glue permissions)", e);
    }
}
