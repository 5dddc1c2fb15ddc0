package dev.featurestore.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.Docs;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.GroupDocs;
import dev.featurestore.config.OrgConfig;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionDocs;
import dev.featurestore.version.VersionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which docs the catalog shows: the published versions' (the newest among the orgs), else the config's. */
class FeatureCatalogDocsTest {
    private static final Schema FIELDS = Schema.of(new Field("age", FieldType.INT), new Field("orders", FieldType.BIGINT));

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final VersionStore versions = new VersionStore(store, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC),
            Duration.ofHours(3));

    private static GroupConfig config(Schema fields, GroupDocs docs) {
        Map<String, OrgConfig> orgs = new LinkedHashMap<>();
        orgs.put("acme", new OrgConfig("acme", Map.of(), List.of(), new Schema(List.of())));
        orgs.put("globex", new OrgConfig("globex", Map.of(), List.of(), new Schema(List.of())));
        return new GroupConfig("customer", "", fields, List.of(new FunctionSpec.Sql("f", "c/f.sql", "select 1", Optional.empty())),
                Optional.empty(), Map.of(), orgs, DriftSettings.DEFAULT, 10, Path.of("customer.yaml"), docs);
    }

    private static GroupDocs docs(String group, String age) {
        return new GroupDocs(Docs.describing(group), Map.of("age", Docs.describing(age)), Map.of());
    }

    private void publish(String org, String version, String createdAt, Schema fields, VersionDocs docs) {
        versions.writeManifest(new Manifest(Manifest.FORMAT_VERSION, "customer", org, version, "run-" + version, createdAt, "hash", "c1",
                Manifest.columnsOf(fields), 1, List.of(), List.of(), Map.of(), null, "x", createdAt, null, null, docs));
        versions.publish("customer", org, version, "test");
    }

    private FeatureCatalog.Group build(GroupConfig config) {
        return FeatureCatalogBuilder.create(versions, Optional.empty(), 30, Clock.systemUTC()).build(List.of(config)).groups().getFirst();
    }

    private static String describe(FeatureCatalog.Group g) {
        return g.docs().description() + " | " + String.join(" | ", g.fields().stream().map(f -> f.name() + ": " + f.docs().description()).toList());
    }

    @Test
    void catalog_showsTheDocsOfTheNewestPublishedVersionAmongTheOrgs_notTodaysConfig() {
        publish("acme", "v1", "2026-11-29T10:00:00.500Z", FIELDS, VersionDocs.of(docs("Customers (acme run)", "Age, acme run"), FIELDS));
        publish("globex", "v1", "2026-11-29T10:00:00Z", FIELDS, VersionDocs.of(docs("Customers (globex run)", "Age, globex run"), FIELDS));

        FeatureCatalog.Group g = build(config(FIELDS, docs("Customers today", "Age today")));

        assertThat(describe(g)).isEqualTo("Customers (acme run) | age: Age, acme run | orders: ");
    }

    @Test
    void catalog_showsTheConfigsDocs_forAFieldNoPublishedVersionHas_andForVersionsWithoutDocs() {
        Schema withChurn = FIELDS.plus(Schema.of(new Field("churn", FieldType.DOUBLE)));
        GroupDocs today = new GroupDocs(Docs.describing("Customers today"),
                Map.of("age", Docs.describing("Age today"), "churn", Docs.describing("Churn risk")), Map.of());
        publish("acme", "v1", "2026-11-29T10:00:00Z", FIELDS, null);

        assertThat(describe(build(config(withChurn, today)))).isEqualTo("Customers today | age: Age today | orders:  | churn: Churn risk");
    }

    @Test
    void catalog_showsNoDescription_whenThePublishedVersionRecordedNoneForTheField() {
        publish("acme", "v1", "2026-11-29T10:00:00Z", FIELDS, new VersionDocs(null, Map.of()));

        assertThat(describe(build(config(FIELDS, docs("Customers today", "Age today"))))).isEqualTo(" | age:  | orders: ");
    }
}
