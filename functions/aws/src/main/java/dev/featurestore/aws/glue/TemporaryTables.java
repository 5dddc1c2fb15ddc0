package dev.featurestore.aws.glue;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Tables that live for one API request: what the request brings (entity rows of a training set, a long id list)
 * is written as one Parquet object under {@code <results prefix>_tables/<uuid>/} and registered as an external
 * Glue table {@code _featurestore_tmp_<uuid>} in the environment's database, so Athena can join it. The leading
 * underscore keeps both apart from every group (group names start with a letter or digit): the Query role may
 * create and delete only tables and objects with these prefixes. {@link Table#close} drops the table and deletes
 * the objects; when that fails too (S3 or Glue down) it logs what is left: the bucket's query-results lifecycle
 * rule expires the objects, the table must be dropped by hand (its name is in the log).
 */
public final class TemporaryTables {
    /** Every temporary table's name starts so (IAM grants are scoped to it). */
    public static final String TABLE_PREFIX = "_featurestore_tmp_";
    /** Under the results prefix, every temporary table's objects are here (IAM grants are scoped to it). */
    public static final String KEY_PREFIX = "_tables/";

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryTables.class);

    private final GlueClient glue;
    private final String database;
    private final ObjectStore store;
    private final ObjectStore uris;
    private final String resultsPrefix;

    /**
     * @param store         where the objects are written and deleted
     * @param uris          gives the {@code s3://} location Glue records (the store's S3 form)
     * @param resultsPrefix the API's query-results prefix, e.g. {@code query-results/}
     */
    public TemporaryTables(GlueClient glue, String database, ObjectStore store, ObjectStore uris, String resultsPrefix) {
        this.glue = glue;
        this.database = database;
        this.store = store;
        this.uris = uris;
        this.resultsPrefix = resultsPrefix;
    }

    public String database() {
        return database;
    }

    /** A registered temporary table: its unqualified name and the object prefix holding its data. */
    public final class Table implements AutoCloseable {
        private final String name;
        private final String prefix;

        private Table(String name, String prefix) {
            this.name = name;
            this.prefix = prefix;
        }

        public String name() {
            return name;
        }

        public String prefix() {
            return prefix;
        }

        /** Drops the Glue table and deletes the objects; failures are logged (see the class comment), never thrown. */
        @Override
        public void close() {
            dropQuietly(name, prefix);
        }
    }

    /**
     * Uploads {@code parquet} (columns {@code id} and then {@code schema}'s fields, as written by
     * {@link dev.featurestore.parquet.ParquetRowWriter}) and registers it. When either step fails, what was made
     * is removed again before the error is thrown.
     *
     * @param purpose says what the table holds in its description, e.g. "training-set entity rows"
     */
    public Table create(String purpose, Schema schema, Path parquet) {
        String uuid = UUID.randomUUID().toString().replace("-", "");
        String name = TABLE_PREFIX + uuid;
        String prefix = resultsPrefix + KEY_PREFIX + uuid + "/";
        try {
            store.putFile(prefix + "part-00000.parquet", parquet);
            glue.createTable(b -> b.databaseName(database).tableInput(t -> t.name(name)
                    .description("featurestore temporary table (" + purpose + "); dropped when its request ends")
                    .tableType("EXTERNAL_TABLE")
                    .parameters(Map.of("classification", "parquet", "EXTERNAL", "TRUE"))
                    .storageDescriptor(s -> s.columns(columns(schema)).location(uris.uri(prefix))
                            .inputFormat(GlueCatalog.INPUT_FORMAT).outputFormat(GlueCatalog.OUTPUT_FORMAT)
                            .serdeInfo(d -> d.serializationLibrary(GlueCatalog.SERDE).parameters(Map.of("serialization.format", "1"))))));
            LOG.info("temporary table created: {}.{} at {}", database, name, prefix);
            return new Table(name, prefix);
        } catch (SdkException e) {
            dropQuietly(name, prefix);
            throw new StorageException("Cannot create temporary table " + database + "." + name + " in Glue for the "
                    + purpose + ": " + e.getMessage() + " (retried by the SDK; check the Query role's Glue permissions)", e);
        } catch (RuntimeException e) {
            dropQuietly(name, prefix);
            throw e;
        }
    }

    private static List<Column> columns(Schema schema) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.builder().name(Schema.ID).type("string").build());
        for (Field f : schema.fields()) {
            columns.add(Column.builder().name(f.name()).type(f.type().sqlName()).build());
        }
        return columns;
    }

    private void dropQuietly(String name, String prefix) {
        try {
            glue.deleteTable(b -> b.databaseName(database).name(name));
        } catch (EntityNotFoundException e) {
            // never created, or already dropped
        } catch (SdkException e) {
            LOG.error("cannot drop temporary table {}.{} (drop it by hand): {}", database, name, e.getMessage());
        }
        try {
            store.deletePrefix(prefix);
        } catch (RuntimeException e) {
            LOG.error("cannot delete the objects under {} of temporary table {} (the query-results lifecycle rule expires them): {}",
                    uris.uri(prefix), name, e.getMessage());
        }
    }
}
