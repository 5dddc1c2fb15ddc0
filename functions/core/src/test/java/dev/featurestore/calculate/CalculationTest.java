package dev.featurestore.calculate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.Params;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Partial;
import dev.featurestore.merge.PartialMerger;
import dev.featurestore.testing.InMemoryCatalog;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.testing.MutableClock;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.Lineage;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestration of a run over in-memory ports. Partials here are tiny "id=value" text files merged by a
 * naive merger: the real Parquet merge has its own tests; this tests ids, locking, publish and cleanup.
 */
class CalculationTest {
    @TempDir
    Path work;

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T03:15:00Z"));
    final VersionStore versions = new VersionStore(store, clock, Duration.ofHours(3));

    final ResolvedGroup group = new ResolvedGroup("customer", "acme",
            new Schema(List.of(new Field("age", FieldType.BIGINT), new Field("orders", FieldType.BIGINT))),
            List.of(new FunctionSpec.Java("profile", "x.Profile", Optional.of(List.of("age"))),
                    new FunctionSpec.Java("orders", "x.Orders", Optional.of(List.of("orders")))),
            Params.empty(), DriftSettings.DEFAULT);

    Calculation calculation(int keep) {
        return Calculation.builder(store, catalog, CalculationTest::naiveMerge)
                .versions(versions).ids(VersionIds.seeded(clock, 1)).workDir(work).threads(2)
                .codeVersion("test").retainVersions(keep).build();
    }

    FunctionRunner writing(String rows) {
        return task -> {
            store.put(task.partialKey(), rows.getBytes(StandardCharsets.UTF_8));
            return new FunctionOutcome(task.function().name(), rows.lines().count(), 5, List.of("select 1"), List.of());
        };
    }

    @Test
    void run_publishesANewVersionAndCleansUp() {
        Manifest m = calculation(10).run(group, writing("c1=1\nc2=2\n"));

        assertThat(versions.current("customer", "acme")).contains(m.version());
        assertThat(m.version()).matches("20261124T031500Z-[0-9a-f]{4}");
        assertThat(m.rowCount()).isEqualTo(2);
        assertThat(m.configHash()).isEqualTo(group.configHash());
        assertThat(m.functions()).extracting(Manifest.FunctionRun::name).containsExactly("profile", "orders");
        assertThat(m.files()).extracting(Manifest.DataFile::key)
                .containsExactly("features/customer/org=acme/version=" + m.version() + "/part-00000.parquet");
        assertThat(catalog.partitions("customer", "acme")).containsExactly(m.version());
        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.exists(Layout.lock("customer", "acme"))).isFalse();
        assertThat(versions.run("customer", "acme", m.runId()).orElseThrow().status()).isEqualTo(RunRecord.Status.SUCCEEDED);
        Manifest read = versions.manifest("customer", "acme", m.version());
        assertThat(read).usingRecursiveComparison().ignoringFields("stats").isEqualTo(m);
        assertThat(read.stats().toString()).isEqualTo(m.stats().toString());
    }

    @Test
    void rebuild_mergesAScratchRun_withoutLockRecordVersionOrStaging_andGivesTheSameChecksum() {
        Manifest published = calculation(10).run(group, writing("c1=1\nc2=2\n"));
        clock.advance(Duration.ofMinutes(1));
        List<List<String>> queriesSeen = new ArrayList<>();
        Calculation c = Calculation.builder(store, catalog, CalculationTest::naiveMerge).versions(versions).ids(VersionIds.seeded(clock, 2))
                .workDir(work).threads(2).sources((g, queries) -> {
                    queriesSeen.add(queries);
                    return List.of();
                }).build();
        versions.lock("customer", "acme", "another-run"); // a normal run going on meanwhile does not stop a rebuild

        RunPlan plan = c.planScratch(group);
        Manifest rebuilt = c.rebuild(plan, group, writing("c2=2\nc1=1\n"));

        assertThat(rebuilt.contentChecksum()).isEqualTo(published.contentChecksum());
        assertThat(rebuilt.rowCount()).isEqualTo(2);
        assertThat(rebuilt.files()).isEmpty();
        assertThat(queriesSeen).containsExactly(List.of("select 1", "select 1"));
        assertThat(versions.current("customer", "acme")).contains(published.version());
        assertThat(store.exists(Layout.manifest("customer", "acme", plan.version()))).isFalse();
        assertThat(store.list(Layout.version("customer", "acme", plan.version()))).isEmpty();
        assertThat(versions.run("customer", "acme", plan.runId())).isEmpty();
        assertThat(catalog.partitions("customer", "acme")).containsExactly(published.version());
        assertThat(store.list("staging/")).isEmpty();
        assertThat(versions.holdsLock("customer", "acme", "another-run")).isTrue();
    }

    @Test
    void rebuild_whenAFunctionFails_cleansStaging_andRecordsNoRun() {
        Calculation c = calculation(10);
        RunPlan plan = c.planScratch(group);

        assertThatThrownBy(() -> c.rebuild(plan, group, task -> {
            writing("c1=1\n").run(task);
            throw new DataException("Cannot run function 'orders': boom");
        })).isInstanceOf(DataException.class).hasMessage("Cannot run function 'orders': boom");

        assertThat(store.list("staging/")).isEmpty();
        assertThat(versions.run("customer", "acme", plan.runId())).isEmpty();
        assertThat(versions.current("customer", "acme")).isEmpty();
    }

    @Test
    void run_recordsEachDataFilesSizeAndCrc32c_andVerifyFilesCatchesAChangedOrAddedFile() {
        Manifest m = calculation(10).run(group, writing("c1=1\nc2=2\n"));
        Manifest.DataFile f = m.files().get(0);
        byte[] bytes = store.get(f.key()).orElseThrow();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);

        assertThat(f.bytes()).isEqualTo(bytes.length);
        assertThat(f.crc32c()).contains(String.format("%08x", crc.getValue()));
        assertThat(f.etag()).isEmpty();
        assertThat(new String(store.get(Layout.manifest("customer", "acme", m.version())).orElseThrow(), StandardCharsets.UTF_8))
                .contains("\"crc32c\" : \"" + f.crc32c().get() + "\"").doesNotContain("etag");
        versions.verifyFiles(m);

        store.put(f.key().replace("part-00000", "part-00001"), bytes);
        assertThatThrownBy(() -> versions.verifyFiles(m)).isInstanceOf(dev.featurestore.error.DataException.class)
                .hasMessageContaining("file part-00001.parquet is not in the manifest");
        store.delete(f.key().replace("part-00000", "part-00001"));
        store.put(f.key(), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> versions.verifyFiles(m)).isInstanceOf(dev.featurestore.error.DataException.class)
                .hasMessageContaining("file part-00000.parquet was changed after the version was written (it has " + (bytes.length - 1));
    }

    @Test
    void run_removesTheWorkDirOfAKilledRun_butNotALiveRunsOne() throws Exception {
        java.nio.file.Path killed = work.resolve("run-20261120T000000Z-dead");
        Process holder = dev.featurestore.storage.ScratchDirHolder.start(killed);
        java.nio.file.Files.writeString(killed.resolve("spill.bin"), "rows of a killed merge");
        holder.destroyForcibly().waitFor(); // kill -9
        java.nio.file.Files.setLastModifiedTime(killed.resolve(".owner"),
                java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        try (dev.featurestore.storage.ScratchDir live = dev.featurestore.storage.ScratchDir.create(work.resolve("run-20261130T000000Z-live"))) {
            java.nio.file.Files.setLastModifiedTime(live.path().resolve(".owner"),
                    java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));

            calculation(10).run(group, writing("c1=1\n"));

            assertThat(killed).doesNotExist();
            assertThat(live.path()).exists();
        }
    }

    @Test
    void run_recordsTheLineage_paramsFunctionsCodeAndSources() {
        ResolvedGroup withParams = new ResolvedGroup("customer", "acme", group.fields(),
                List.of(new FunctionSpec.Sql("orders", "customer/orders.sql", "select 1", Optional.empty()), group.functions().get(0)),
                new Params(Map.of("home_lat", 52.52, "tier", "gold")), DriftSettings.DEFAULT);
        Lineage.SourceFingerprint orders = new Lineage.SourceFingerprint("orders", "sources/orders.parquet", 42L, "ab12", null, null);
        Calculation c = Calculation.builder(store, catalog, CalculationTest::naiveMerge).versions(versions).ids(VersionIds.seeded(clock, 1))
                .workDir(work).threads(2).code(new Lineage.CodeVersion("0123456789abcdef0123456789abcdef01234567", "feed"))
                .sources((g, queries) -> List.of(orders)).build();

        Manifest m = c.run(withParams, writing("c1=1\n"));

        assertThat(m.codeVersion()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        Lineage lineage = versions.manifest("customer", "acme", m.version()).lineage();
        assertThat(lineage.params()).containsEntry("home_lat", 52.52).containsEntry("tier", "gold");
        assertThat(lineage.code()).isEqualTo(new Lineage.CodeVersion("0123456789abcdef0123456789abcdef01234567", "feed"));
        assertThat(lineage.sources()).containsExactly(orders);
        assertThat(lineage.functions()).containsExactly(
                new Lineage.FunctionConfig("orders", "sql", "select 1", "customer/orders.sql", null, Map.of("home_lat", 52.52, "tier", "gold")),
                new Lineage.FunctionConfig("profile", "java", "x.Profile", null, List.of("age"), Map.of("home_lat", 52.52, "tier", "gold")));
    }

    @Test
    void run_recordsTheDocsAndScheduleOfTheConfig_andGivesTheCatalogTheColumnComments() {
        dev.featurestore.config.GroupDocs docs = new dev.featurestore.config.GroupDocs(
                new dev.featurestore.config.Docs("Customers", "growth", List.of("core"), "", false),
                Map.of("age", new dev.featurestore.config.Docs("Age in years", "", List.of(), "years", true)), Map.of());
        ResolvedGroup documented = new ResolvedGroup("customer", "acme", group.fields(), group.functions(), Params.empty(),
                DriftSettings.DEFAULT, docs, Optional.of("rate(1 day)"));

        Manifest m = calculation(3).run(documented, writing("c1=1\n"));

        Manifest read = versions.manifest("customer", "acme", m.version());
        assertThat(read.docs().groupDocs()).isEqualTo(new dev.featurestore.config.Docs("Customers", "growth", List.of("core"), "", false));
        assertThat(read.docs().field("age")).isEqualTo(new dev.featurestore.config.Docs("Age in years", "", List.of(), "years", true));
        assertThat(read.docs().fields()).containsOnlyKeys("age", "orders"); // orders: only the group's owner (the default)
        assertThat(read.docs().field("orders")).isEqualTo(new dev.featurestore.config.Docs("", "growth", List.of(), "", false));
        assertThat(read.lineage().schedule()).isEqualTo("rate(1 day)");
        assertThat(catalog.comments.get("customer")).containsOnly(
                Map.entry("age", "Age in years (unit: years; PII)"), Map.entry("orders", "owner: growth"));
        String json = new String(store.get(dev.featurestore.version.Layout.manifest("customer", "acme", m.version())).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(json).contains("\"pii\" : true").doesNotContain("\"unit\" : \"\"").doesNotContain("\"pii\" : false");
    }

    @Test
    void run_ofAnUndocumentedGroup_writesNoDocs_andRecordsThatItHasNoSchedule() {
        Manifest m = calculation(3).run(group, writing("c1=1\n"));

        String json = new String(store.get(dev.featurestore.version.Layout.manifest("customer", "acme", m.version())).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"docs\"");
        assertThat(versions.manifest("customer", "acme", m.version()).lineage().schedule()).isEmpty();
        assertThat(catalog.comments.get("customer")).isEmpty();
    }

    @Test
    void defaultCode_isTheBuildsGitCommit_notDev() {
        Manifest m = calculation(10).run(group, writing("c1=1\n"));

        assertThat(m.lineage().code().gitCommit()).matches("[0-9a-f]{40}(-dirty)?");
    }

    @Test
    void run_sameInputsGiveTheSameContentChecksum() {
        Manifest first = calculation(10).run(group, writing("c1=1\nc2=2\n"));
        clock.advance(Duration.ofMinutes(1));
        Manifest second = calculation(10).run(group, writing("c2=2\nc1=1\n"));
        clock.advance(Duration.ofMinutes(1));
        Manifest third = calculation(10).run(group, writing("c1=1\nc2=3\n"));

        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(second.contentChecksum()).isEqualTo(first.contentChecksum());
        assertThat(third.contentChecksum()).isNotEqualTo(first.contentChecksum());
    }

    @Test
    void run_whenAFunctionFails_keepsTheCurrentVersionAndRecordsWhy() {
        Manifest v1 = calculation(10).run(group, writing("c1=1\n"));
        clock.advance(Duration.ofMinutes(1));
        FunctionRunner failing = task -> {
            if (task.function().name().equals("orders")) {
                throw new DataException("Cannot write partial: boom");
            }
            return writing("c1=1\n").run(task);
        };

        assertThatThrownBy(() -> calculation(10).run(group, failing))
                .isInstanceOf(DataException.class).hasMessage("Cannot write partial: boom");

        assertThat(versions.current("customer", "acme")).contains(v1.version());
        assertThat(versions.versions("customer", "acme")).hasSize(1);
        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.exists(Layout.lock("customer", "acme"))).isFalse();
        assertThat(versions.runs("customer", "acme")).filteredOn(r -> r.status() == RunRecord.Status.FAILED)
                .singleElement().satisfies(r -> {
                    assertThat(r.reason()).contains("Cannot write partial: boom");
                    assertThat(r.failedFunction()).contains("orders");
                    assertThat(r.finishedAt()).isPresent();
                });
    }

    @Test
    void run_whenTheMergeRejectsAPartial_recordsItsFunction_withoutTheDeletedScratchPath() {
        PartialMerger rejecting = request -> {
            Partial orders = request.partials().get(1);
            throw new DataException("Cannot merge partial '" + orders.function() + "' (" + orders.file() + "): id 'c1' occurs more than once");
        };
        Calculation c = Calculation.builder(store, catalog, rejecting).versions(versions).ids(VersionIds.seeded(clock, 1))
                .workDir(work).threads(2).build();

        assertThatThrownBy(() -> c.run(group, writing("c1=1\n"))).isInstanceOf(DataException.class);

        assertThat(versions.runs("customer", "acme")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunRecord.Status.FAILED);
            assertThat(r.failedFunction()).contains("orders");
            assertThat(r.reason()).contains("Cannot merge partial 'orders': id 'c1' occurs more than once");
        });
    }

    @Test
    void complete_whenStorageFailsMidUpload_leavesNoHalfVersion() {
        Manifest v1 = calculation(10).run(group, writing("c1=1\n"));
        clock.advance(Duration.ofMinutes(1));
        Calculation c = calculation(10);
        RunPlan plan = c.plan(group);
        writing("c1=1\n").runQuietly(Calculation.task(group, plan, "profile"));
        writing("c1=1\n").runQuietly(Calculation.task(group, plan, "orders"));
        store.failWhen(op -> op.equals("put " + Layout.manifest("customer", "acme", plan.version())));

        assertThatThrownBy(() -> c.complete(plan, group, List.of()))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot put " + Layout.manifest("customer", "acme", plan.version()) + ": injected failure");

        store.failWhen(op -> false);
        assertThat(versions.current("customer", "acme")).contains(v1.version());
        assertThat(store.list(Layout.version("customer", "acme", plan.version()))).isEmpty();
        assertThat(versions.run("customer", "acme", plan.runId()).orElseThrow().status()).isEqualTo(RunRecord.Status.FAILED);
    }

    @Test
    void complete_whenAPartialIsMissing_failsNamingTheFunction() {
        Calculation c = calculation(10);
        RunPlan plan = c.plan(group);
        writing("c1=1\n").runQuietly(Calculation.task(group, plan, "profile"));

        assertThatThrownBy(() -> c.complete(plan, group, List.of()))
                .isInstanceOf(DataException.class)
                .hasMessage("Cannot merge run " + plan.runId() + " of group 'customer' for org 'acme': the partial of function 'orders' is missing (mem://"
                        + Layout.partial("customer", "acme", plan.runId(), "orders") + "; the function did not write it — see its log)");
        assertThat(versions.current("customer", "acme")).isEmpty();
    }

    @Test
    void plan_whenAnotherRunHoldsTheLock_isRefused() {
        RunPlan first = calculation(10).plan(group);
        // another run: other ids (the same run id would be the planner's own lock, whose answer was lost)
        Calculation another = Calculation.builder(store, catalog, CalculationTest::naiveMerge)
                .versions(versions).ids(VersionIds.seeded(clock, 2)).workDir(work).build();

        assertThatThrownBy(() -> another.plan(group))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Cannot calculate group 'customer' for org 'acme': run " + first.runId()
                        + " started at 2026-11-24T03:15:00Z is still running (wait for it to finish; if it died, it expires after 180 minutes or delete mem://features/customer/org=acme/_lock)");
    }

    @Test
    void plan_takesOverAnExpiredLock() {
        calculation(10).plan(group);
        clock.advance(Duration.ofHours(4));
        RunPlan second = calculation(10).plan(group);
        assertThat(versions.holdsLock("customer", "acme", second.runId())).isTrue();
    }

    @Test
    void retention_keepsTheNewestCurrentAndPinnedVersions() {
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(calculation(100).run(group, writing("c1=" + i + "\n")).version());
            clock.advance(Duration.ofMinutes(1));
            if (i == 0) {
                versions.pin("customer", "acme", made.get(0));
            }
        }
        versions.publish("customer", "acme", made.get(1), "rollback");
        clock.advance(VersionStore.RETENTION_GRACE.plusMinutes(1)); // no reader of the replaced versions is left

        List<String> deleted = versions.applyRetention("customer", "acme", 2, catalog);

        assertThat(deleted).containsExactly(made.get(2));
        assertThat(versions.versions("customer", "acme")).extracting(v -> v.version())
                .containsExactly(made.get(0), made.get(1), made.get(3), made.get(4));
        assertThat(catalog.partitions("customer", "acme")).doesNotContain(made.get(2));
    }

    @Test
    void asOf_findsTheVersionCurrentAtATime() {
        String v1 = calculation(10).run(group, writing("c1=1\n")).version();
        Instant between = clock.instant().plusSeconds(30);
        clock.advance(Duration.ofMinutes(1));
        String v2 = calculation(10).run(group, writing("c1=2\n")).version();

        assertThat(versions.asOf("customer", "acme", between)).isEqualTo(v1);
        assertThat(versions.asOf("customer", "acme", clock.instant())).isEqualTo(v2);
        assertThatThrownBy(() -> versions.asOf("customer", "acme", Instant.parse("2020-01-01T00:00:00Z")))
                .hasMessage("Cannot find a version of group 'customer' for org 'acme' published at or before 2020-01-01T00:00:00Z (the first was published at 2026-11-24T03:15:00Z)");
    }

    @Test
    void publish_rollsBackToAnOlderVersionAndRejectsAnUnknownOne() {
        String v1 = calculation(10).run(group, writing("c1=1\n")).version();
        clock.advance(Duration.ofMinutes(1));
        calculation(10).run(group, writing("c1=2\n"));

        versions.publish("customer", "acme", v1, "rollback");
        assertThat(versions.current("customer", "acme")).contains(v1);
        assertThatThrownBy(() -> versions.publish("customer", "acme", "20990101T000000Z-0000", "x"))
                .hasMessage("Cannot find version '20990101T000000Z-0000' of group 'customer' for org 'acme' (list them with: featurestore versions customer --org acme)");
    }

    // ---- helpers

    /** Outer join of "id=value" lines: each partial contributes one column, named after its function. */
    static MergeResult naiveMerge(MergeRequest request) {
        try {
            Map<String, String[]> rows = new TreeMap<>();
            int k = request.partials().size();
            for (int i = 0; i < k; i++) {
                Partial p = request.partials().get(i);
                for (String line : Files.readAllLines(p.file())) {
                    String[] kv = line.split("=");
                    rows.computeIfAbsent(kv[0], id -> new String[k])[i] = kv[1];
                }
            }
            var observers = new dev.featurestore.merge.ColumnObserver[k];
            for (int i = 0; i < k; i++) {
                observers[i] = request.observers().create(0, request.schema().fields().get(i));
            }
            for (var entry : rows.entrySet()) {
                String[] values = entry.getValue();
                long row = dev.featurestore.merge.RowKeys.of(entry.getKey());
                for (int i = 0; i < k; i++) {
                    if (values[i] == null) {
                        observers[i].observeNull(row);
                    } else {
                        observers[i].observeLong(row, Long.parseLong(values[i]));
                    }
                }
            }
            Files.createDirectories(request.outputDir());
            Path out = request.outputDir().resolve("part-0.parquet");
            Files.writeString(out, rows.toString());
            return new MergeResult(rows.size(), List.of(out), Map.of(), Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
