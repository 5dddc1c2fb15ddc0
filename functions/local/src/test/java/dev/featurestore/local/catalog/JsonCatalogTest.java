package dev.featurestore.local.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.StorageException;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonCatalogTest {
    @TempDir
    Path root;

    @Test
    void ensureTable_createsTheTable_withIdFirst() {
        JsonCatalog catalog = new JsonCatalog(LocalObjectStore.create(root));

        assertThat(catalog.ensureTable("customer", Schema.of(new Field("age", FieldType.INT)), "file:///lake/features/customer/")).isEmpty();

        JsonCatalog.Table t = catalog.table("customer").orElseThrow();
        assertThat(t.columns()).containsExactly(new JsonCatalog.Column("id", "string"), new JsonCatalog.Column("age", "int"));
        assertThat(root.resolve("catalog/customer.json")).exists();
    }

    @Test
    void ensureTable_evolves_addingNewFields_keepingAndReportingDroppedOnes() {
        JsonCatalog catalog = new JsonCatalog(LocalObjectStore.create(root));
        catalog.ensureTable("g", Schema.of(new Field("a", FieldType.INT), new Field("b", FieldType.STRING)), "loc");

        var dropped = catalog.ensureTable("g", Schema.of(new Field("a", FieldType.BIGINT), new Field("c", FieldType.DATE)), "loc");

        assertThat(dropped).containsExactly("b");
        assertThat(catalog.schema("g").orElseThrow().names()).containsExactly("a", "c", "b");
        assertThat(catalog.schema("g").orElseThrow().field("a").orElseThrow().type()).isEqualTo(FieldType.BIGINT);
    }

    @Test
    void partitions_areAddedOncePerOrgAndVersion_sorted_andDropped() {
        JsonCatalog catalog = new JsonCatalog(LocalObjectStore.create(root));
        catalog.ensureTable("g", Schema.of(new Field("a", FieldType.INT)), "loc");
        catalog.addPartition("g", "acme", "v2", "loc/v2");
        catalog.addPartition("g", "acme", "v1", "loc/v1");
        catalog.addPartition("g", "acme", "v1", "loc/v1");
        catalog.addPartition("g", "globex", "v1", "loc/g1");

        assertThat(catalog.partitions("g", "acme")).containsExactly("v1", "v2");
        catalog.dropPartition("g", "acme", "v1");
        assertThat(catalog.partitions("g", "acme")).containsExactly("v2");
        assertThat(catalog.partitions("g", "globex")).containsExactly("v1");
        assertThat(catalog.partitions("other", "acme")).isEmpty();
    }

    @Test
    void addPartition_withoutTable_isAStorageErrorSayingWhatToDo() {
        JsonCatalog catalog = new JsonCatalog(LocalObjectStore.create(root));

        assertThatThrownBy(() -> catalog.addPartition("g", "acme", "v1", "x"))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot add a partition to table 'g': the table does not exist (call ensureTable first)");
    }
}
