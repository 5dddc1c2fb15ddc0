package dev.featurestore.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.DataException;
import dev.featurestore.function.Params;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Lineage;
import dev.featurestore.version.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReproductionTest {
    static final ResolvedGroup GROUP = new ResolvedGroup("customer", "acme",
            new Schema(List.of(new Field("age", FieldType.INT), new Field("orders_90d", FieldType.BIGINT))),
            List.of(new FunctionSpec.Sql("orders", "customer/orders.sql", "select id, count(*) as orders_90d from orders group by id", Optional.empty()),
                    new FunctionSpec.Java("profile", "x.Profile", Optional.of(List.of("age")))),
            new Params(Map.of("home_lat", 52.52, "gold_min", 2500)), DriftSettings.DEFAULT);

    static final Lineage.SourceFingerprint ORDERS = new Lineage.SourceFingerprint("orders", "sources/orders.parquet", 10L, "aa", null, null);

    static Manifest manifest(ResolvedGroup g, String checksum, Lineage lineage) {
        return new Manifest(Manifest.FORMAT_VERSION, g.group(), g.org(), "v1", "v1", "2026-11-24T00:00:00Z", g.configHash(), "c1",
                Manifest.columnsOf(g.fields()), 100, List.of(), List.of(), Map.of(), null, checksum, null, null, lineage);
    }

    static Lineage lineageOf(ResolvedGroup g, List<Lineage.SourceFingerprint> sources, String commit) {
        return new Lineage(g.params().values(), List.of(
                new Lineage.FunctionConfig("orders", "sql", ((FunctionSpec.Sql) g.functions().get(0)).sql(), "customer/orders.sql", null, g.params().values()),
                new Lineage.FunctionConfig("profile", "java", "x.Profile", null, List.of("age"), g.params().values())),
                new Lineage.CodeVersion(commit, null), sources);
    }

    @Test
    void groupOf_rebuildsTheConfiguredGroup_withTheSameConfigHash() {
        ResolvedGroup rebuilt = Reproduction.groupOf(manifest(GROUP, "x", lineageOf(GROUP, List.of(ORDERS), "c1")));

        assertThat(rebuilt.configHash()).isEqualTo(GROUP.configHash());
        assertThat(rebuilt.functions()).isEqualTo(GROUP.functions());
        assertThat(rebuilt.params()).isEqualTo(GROUP.params());
    }

    @Test
    void groupOf_withoutLineage_saysTheVersionCannotBeReproduced() {
        assertThatThrownBy(() -> Reproduction.groupOf(manifest(GROUP, "x", null)))
                .isInstanceOf(dev.featurestore.error.ConflictException.class)
                .hasMessage("Cannot reproduce version 'v1' of group 'customer' for org 'acme': its manifest records no lineage"
                        + " (it was calculated before lineage was recorded; calculate again to get a reproducible version)");
    }

    @Test
    void groupOf_whenTheLineageDoesNotHashToTheConfigHash_refuses() {
        Lineage edited = new Lineage(Map.of("home_lat", 1.0), lineageOf(GROUP, List.of(), "c1").functions(), null, List.of());

        assertThatThrownBy(() -> Reproduction.groupOf(manifest(GROUP, "x", edited)))
                .isInstanceOf(DataException.class).hasMessageContaining("does not hash to the manifest's config hash");
    }

    @Test
    void compare_equalChecksums_isIdentical_andReportsSourceAndCodeChanges() {
        Manifest recorded = manifest(GROUP, "same", lineageOf(GROUP, List.of(ORDERS), "c1"));
        Manifest rebuilt = manifest(GROUP, "same", lineageOf(GROUP, List.of(ORDERS), "c2"));
        Lineage.SourceFingerprint changed = new Lineage.SourceFingerprint("orders", "sources/orders.parquet", 11L, "bb", null, null);
        Lineage.SourceFingerprint added = new Lineage.SourceFingerprint("returns", "sources/returns.parquet", 5L, "cc", null, null);

        ReproduceReport r = Reproduction.compare(recorded, rebuilt, List.of(changed, added), new Lineage.CodeVersion("c2", null));

        assertThat(r.identical()).isTrue();
        assertThat(r.differingFields()).isEmpty();
        assertThat(r.sourceChanges()).containsExactly("orders: sources/orders.parquet changed", "returns: sources/returns.parquet added");
        assertThat(r.codeChange()).isEqualTo("c1 → c2");
    }

    @Test
    void compare_differentChecksums_isNotIdentical() {
        Manifest recorded = manifest(GROUP, "one", lineageOf(GROUP, List.of(ORDERS), "c1"));
        Manifest rebuilt = manifest(GROUP, "two", lineageOf(GROUP, List.of(ORDERS), "c1"));

        ReproduceReport r = Reproduction.compare(recorded, rebuilt, List.of(ORDERS), new Lineage.CodeVersion("c1", null));

        assertThat(r.identical()).isFalse();
        assertThat(r.sourceChanges()).isEmpty();
        assertThat(r.codeChange()).isNull();
    }

    @Test
    void compare_awsFingerprints_reportsANewETagAndANewTableVersion() {
        Lineage.SourceFingerprint table = new Lineage.SourceFingerprint("orders", "s3://src/orders/", null, null, null, "3");
        Lineage.SourceFingerprint object = new Lineage.SourceFingerprint("orders", "s3://src/orders/a.parquet", 10L, null, "\"e1\"", null);
        Manifest recorded = manifest(GROUP, "same", lineageOf(GROUP, List.of(table, object), "c1"));
        Manifest rebuilt = manifest(GROUP, "same", lineageOf(GROUP, List.of(
                new Lineage.SourceFingerprint("orders", "s3://src/orders/", null, null, null, "4"),
                new Lineage.SourceFingerprint("orders", "s3://src/orders/a.parquet", 10L, null, "\"e2\"", null)), "c1"));

        ReproduceReport r = Reproduction.compare(recorded, rebuilt, new Lineage.CodeVersion("c1", null));

        assertThat(r.sourceChanges()).containsExactly("orders: s3://src/orders/ changed (Glue table version 3 → 4)",
                "orders: s3://src/orders/a.parquet changed (ETag \"e1\" → \"e2\")");
    }
}
