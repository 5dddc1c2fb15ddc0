package dev.featurestore.aws.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.error.StorageException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;

@ExtendWith(AwsEmulatorExtension.class)
class GlueCatalogTest {
    private static final Schema V1 = Schema.of(new Field("age", FieldType.BIGINT), new Field("gender", FieldType.STRING));
    private static final String LOCATION = "s3://lake/features/customer/";

    private GlueClient glue;
    private String database;
    private GlueCatalog catalog;

    @BeforeEach
    void setUp(AwsEmulator aws) {
        glue = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials()).glue();
        database = "fs_" + UUID.randomUUID().toString().replace('-', '_');
        catalog = GlueCatalog.create(glue, database);
    }

    @AfterEach
    void close() {
        glue.close();
    }

    private Table table(String name) {
        return glue.getTable(b -> b.databaseName(database).name(name)).table();
    }

    private static String describe(Column c) {
        return c.name() + " " + c.type();
    }

    @Test
    void ensureTable_createsDatabaseAndParquetTable_partitionedByOrgAndVersion() {
        assertThat(catalog.ensureTable("customer", V1, LOCATION)).isEmpty();

        Table t = table("customer");
        assertThat(t.storageDescriptor().columns()).extracting(GlueCatalogTest::describe)
                .containsExactly("id string", "age bigint", "gender string");
        assertThat(t.partitionKeys()).extracting(GlueCatalogTest::describe).containsExactly("org string", "version string");
        assertThat(t.storageDescriptor().serdeInfo().serializationLibrary()).isEqualTo(GlueCatalog.SERDE);
        assertThat(t.storageDescriptor().location()).isEqualTo(LOCATION);
        assertThat(t.tableType()).isEqualTo("EXTERNAL_TABLE");
    }

    @Test
    void ensureTable_mapsEveryTypeToItsGlueName() {
        Schema all = Schema.of(new Field("b", FieldType.BOOLEAN), new Field("i", FieldType.INT), new Field("f", FieldType.FLOAT),
                new Field("d", FieldType.DOUBLE), new Field("m", FieldType.decimal(12, 2)), new Field("day", FieldType.DATE),
                new Field("ts", FieldType.TIMESTAMP));

        catalog.ensureTable("types", all, LOCATION);

        assertThat(table("types").storageDescriptor().columns()).extracting(GlueCatalogTest::describe).containsExactly(
                "id string", "b boolean", "i int", "f float", "d double", "m decimal(12,2)", "day date", "ts timestamp");
    }

    @Test
    void ensureTable_addsNewField_withUpdateTable() {
        catalog.ensureTable("customer", V1, LOCATION);
        Schema v2 = Schema.of(new Field("age", FieldType.BIGINT), new Field("gender", FieldType.STRING), new Field("distance", FieldType.DOUBLE));

        assertThat(catalog.ensureTable("customer", v2, LOCATION)).isEmpty();

        assertThat(table("customer").storageDescriptor().columns()).extracting(GlueCatalogTest::describe)
                .containsExactly("id string", "age bigint", "gender string", "distance double");
        assertThat(glue.getTableVersions(b -> b.databaseName(database).tableName("customer")).tableVersions()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void ensureTable_keepsAndReportsRemovedField() {
        catalog.ensureTable("customer", V1, LOCATION);

        var removed = catalog.ensureTable("customer", Schema.of(new Field("age", FieldType.BIGINT)), LOCATION);

        assertThat(removed).containsExactly("gender");
        assertThat(table("customer").storageDescriptor().columns()).extracting(GlueCatalogTest::describe)
                .containsExactly("id string", "age bigint", "gender string");
    }

    @Test
    void ensureTable_updatesChangedType() {
        catalog.ensureTable("customer", V1, LOCATION);

        catalog.ensureTable("customer", Schema.of(new Field("age", FieldType.INT), new Field("gender", FieldType.STRING)), LOCATION);

        assertThat(table("customer").storageDescriptor().columns()).extracting(GlueCatalogTest::describe)
                .containsExactly("id string", "age int", "gender string");
    }

    private java.util.List<String> comments(String name) {
        return table(name).storageDescriptor().columns().stream().map(c -> c.name() + ": " + c.comment()).toList();
    }

    @Test
    void ensureTable_setsColumnComments_andUpdatesThemWhenTheDocsChange_keepingOtherOrgsColumns() {
        catalog.ensureTable("customer", V1, LOCATION, java.util.Map.of("age", "Age in years (unit: years)"));

        assertThat(comments("customer")).containsExactly("id: null", "age: Age in years (unit: years)", "gender: null");

        catalog.ensureTable("customer", V1, LOCATION, java.util.Map.of("age", "Age at signup (unit: years)", "gender", "Self-declared (PII)"));

        assertThat(comments("customer")).containsExactly("id: null", "age: Age at signup (unit: years)", "gender: Self-declared (PII)");
        assertThat(glue.getTableVersions(b -> b.databaseName(database).tableName("customer")).tableVersions()).hasSize(2);

        catalog.ensureTable("customer", Schema.of(new Field("age", FieldType.BIGINT)), LOCATION, java.util.Map.of("age", "Age at signup (unit: years)"));

        assertThat(comments("customer")).containsExactly("id: null", "age: Age at signup (unit: years)", "gender: Self-declared (PII)");
    }

    @Test
    void ensureTable_leavesTheTableAlone_whenColumnsAndCommentsAreUnchanged() {
        catalog.ensureTable("customer", V1, LOCATION, java.util.Map.of("age", "Age in years"));

        catalog.ensureTable("customer", V1, LOCATION, java.util.Map.of("age", "Age in years"));

        assertThat(glue.getTableVersions(b -> b.databaseName(database).tableName("customer")).tableVersions()).hasSize(1);
    }

    @Test
    void ensureTable_acceptsTheLongestComment_andCommentsWithAnyCharacter() {
        String longest = dev.featurestore.catalog.ColumnComments.of(dev.featurestore.config.Docs.describing(
                "Ünïcödé 🚀 \"quoted\" 'single' <tag> & back\\slash " + "x".repeat(400)));
        assertThat(longest).hasSize(255).endsWith("…");

        catalog.ensureTable("customer", V1, LOCATION, java.util.Map.of("age", longest));

        assertThat(comments("customer")).contains("age: " + longest);
    }

    @Test
    void partitions_listsTheVersionsOfOneOrg() {
        catalog.ensureTable("customer", V1, LOCATION);

        catalog.addPartition("customer", "acme", "20261124T031500Z-aaaa", LOCATION + "org=acme/version=20261124T031500Z-aaaa/");
        catalog.addPartition("customer", "acme", "20261123T031500Z-bbbb", LOCATION + "org=acme/version=20261123T031500Z-bbbb/");
        catalog.addPartition("customer", "globex", "20261124T031500Z-cccc", LOCATION + "org=globex/version=20261124T031500Z-cccc/");

        assertThat(catalog.partitions("customer", "acme")).containsExactly("20261123T031500Z-bbbb", "20261124T031500Z-aaaa");
        var p = glue.getPartition(b -> b.databaseName(database).tableName("customer").partitionValues("acme", "20261124T031500Z-aaaa")).partition();
        assertThat(p.storageDescriptor().location()).isEqualTo(LOCATION + "org=acme/version=20261124T031500Z-aaaa/");
        assertThat(p.storageDescriptor().columns()).extracting(GlueCatalogTest::describe).containsExactly("id string", "age bigint", "gender string");
    }

    @Test
    void addPartition_isIdempotent() {
        catalog.ensureTable("customer", V1, LOCATION);

        catalog.addPartition("customer", "acme", "v1", LOCATION + "a/");
        catalog.addPartition("customer", "acme", "v1", LOCATION + "b/");

        assertThat(catalog.partitions("customer", "acme")).containsExactly("v1");
    }

    @Test
    void dropPartition_removesIt_andIgnoresMissing() {
        catalog.ensureTable("customer", V1, LOCATION);
        catalog.addPartition("customer", "acme", "v1", LOCATION + "v1/");

        catalog.dropPartition("customer", "acme", "v1");
        catalog.dropPartition("customer", "acme", "v1");

        assertThat(catalog.partitions("customer", "acme")).isEmpty();
    }

    @Test
    void partitions_isEmpty_whenTableIsMissing() {
        catalog.ensureTable("customer", V1, LOCATION);

        assertThat(catalog.partitions("orders", "acme")).isEmpty();
    }

    @Test
    void addPartition_failsWithFix_whenTableIsMissing() {
        catalog.ensureTable("customer", V1, LOCATION);

        assertThatThrownBy(() -> catalog.addPartition("orders", "acme", "v1", LOCATION))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot add a partition to table " + database + ".orders: the table does not exist (call ensureTable first)");
    }
}
