package dev.featurestore.distmerge;

import static dev.featurestore.testing.SameStatistics.assertSameStatistics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.DistributedMerging;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.DataException;
import dev.featurestore.function.Params;
import dev.featurestore.merge.Merger;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.testing.InMemoryCatalog;
import dev.featurestore.testing.InMemoryObjectStore;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed merge (plan → partition tasks → join tasks → finalize) over a remote-like store gives the
 * same dataset as the single-machine merge: the same rows, content checksum, statistics and lookup buckets.
 */
class DistributedMergeTest {
    static final int ENTITIES = 200_000;

    @TempDir
    static Path partials;

    @TempDir
    Path work;

    static final Schema PROFILE = new Schema(List.of(new Field("age", FieldType.BIGINT), new Field("segment", FieldType.STRING)));
    static final Schema ORDERS = new Schema(List.of(new Field("spend", FieldType.DOUBLE), new Field("active", FieldType.BOOLEAN)));
    static final Schema CLICKS = new Schema(List.of(new Field("clicks", FieldType.INT), new Field("last_page", FieldType.STRING)));
    static final Schema FIELDS = PROFILE.plus(ORDERS).plus(CLICKS);

    static final ResolvedGroup GROUP = new ResolvedGroup("customer", "acme", FIELDS,
            List.of(new FunctionSpec.Java("profile", "x.Profile", Optional.of(List.of("age", "segment"))),
                    new FunctionSpec.Java("orders", "x.Orders", Optional.of(List.of("spend", "active"))),
                    new FunctionSpec.Java("clicks", "x.Clicks", Optional.of(List.of("clicks", "last_page")))),
            Params.empty(), DriftSettings.DEFAULT);

    @BeforeAll
    static void writePartials() {
        Random r = new Random(14);
        try (ParquetPartialWriter profile = ParquetPartialWriter.create(partials.resolve("profile.parquet"), PROFILE, 7_000);
             ParquetPartialWriter orders = ParquetPartialWriter.create(partials.resolve("orders.parquet"), ORDERS, 11_000);
             ParquetPartialWriter clicks = ParquetPartialWriter.create(partials.resolve("clicks.parquet"), CLICKS, 50_000)) {
            for (int i = 0; i < ENTITIES; i++) {
                String id = "c" + Integer.toHexString(i * 7919);
                profile.write(id, r.nextInt(20) == 0 ? null : (long) r.nextInt(90), "segment-" + r.nextInt(40));
                if (i % 3 != 0) {
                    orders.write(id, r.nextGaussian() * 100 + 50, r.nextBoolean());
                }
                if (i % 5 != 1) {
                    clicks.write(id, r.nextInt(1000), r.nextInt(10) == 0 ? null : "/page/" + r.nextInt(5000));
                }
            }
            for (int i = 0; i < 20_000; i++) { // ids only some partials have
                clicks.write("only-clicks-" + i, i, "/x");
            }
        }
    }

    Calculation calculation(InMemoryObjectStore store, DistributedMerging distributed) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T05:00:00Z"), ZoneOffset.UTC);
        return Calculation.builder(store, new InMemoryCatalog(), Merger::merge)
                .versions(new VersionStore(store, clock, Duration.ofHours(3))).ids(VersionIds.seeded(clock, 1))
                .workDir(work).threads(2).codeVersion("test").distributedMerging(distributed).build();
    }

    static FunctionRunner uploading(InMemoryObjectStore store) {
        return task -> {
            store.putFile(task.partialKey(), partials.resolve(task.function().name() + ".parquet"));
            return new FunctionOutcome(task.function().name(), 1, 1, List.of(), List.of());
        };
    }

    DistributedMerge distributed(InMemoryObjectStore store, TaskSizing sizing) {
        return new DistributedMerge(store, new MergeChoice(MergeChoice.Mode.DISTRIBUTED, MergeChoice.LAMBDA_CEILING_CELLS), sizing,
                new InProcessTaskRunner(store, work, ManifestStats.COLLECTED, 2), ManifestStats.COLLECTED);
    }

    @Test
    void distributedMerge_givesTheSameRowsChecksumStatisticsAndBucketsAsTheSingleMachineMerge() {
        InMemoryObjectStore singleStore = new InMemoryObjectStore();
        Manifest single = calculation(singleStore, DistributedMerging.NEVER).run(GROUP, uploading(singleStore));
        InMemoryObjectStore distStore = new InMemoryObjectStore();
        Manifest dist = calculation(distStore, distributed(distStore, new TaskSizing(30_000, 120_000))).run(GROUP, uploading(distStore));

        assertThat(dist.rowCount()).isEqualTo(single.rowCount()).isEqualTo(ENTITIES + 20_000);
        assertThat(dist.contentChecksum()).isEqualTo(single.contentChecksum());
        assertSameStatistics(dist.stats(), single.stats());
        assertThat(dist.lookup().buckets()).isEqualTo(single.lookup().buckets());
        assertThat(dist.lookup().rowGroupBuckets().stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(single.lookup().rowGroupBuckets().stream().flatMap(List::stream).sorted().toList());
        // 513,333 input rows (3 partials, row groups of 7k, 11k and 50k rows) in join tasks of 120k rows
        assertThat(dist.files()).hasSize(5);
        assertThat(dist.timingsMs()).containsKeys("plan_merge", "partition", "join", "finalize");
        assertThat(distStore.list("staging/")).isEmpty();
        new VersionStore(distStore, Clock.systemUTC(), Duration.ofHours(3)).verifyFiles(dist);
    }

    @Test
    void autoChoice_mergesBelowTheCeilingOnThisMachine() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DistributedMerge auto = new DistributedMerge(store, new MergeChoice(MergeChoice.Mode.AUTO, 10_000_000), TaskSizing.LAMBDA,
                new InProcessTaskRunner(store, work, ManifestStats.COLLECTED, 2), ManifestStats.COLLECTED);

        Manifest m = calculation(store, auto).run(GROUP, uploading(store));

        assertThat(m.timingsMs()).containsKey("merge").doesNotContainKey("partition");
    }

    @Test
    void corruptRowGroup_failsTheRunWithoutPublishing_andLeavesNothing() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Path broken = work.resolve("orders.parquet");
        byte[] bytes = Files.readAllBytes(partials.resolve("orders.parquet"));
        for (int i = 5_000; i < 9_000; i++) {
            bytes[i] = (byte) 0x5A; // inside the first row group's pages
        }
        Files.write(broken, bytes);
        FunctionRunner runner = task -> {
            store.putFile(task.partialKey(), task.function().name().equals("orders") ? broken : partials.resolve(task.function().name() + ".parquet"));
            return new FunctionOutcome(task.function().name(), 1, 1, List.of(), List.of());
        };
        Calculation c = calculation(store, distributed(store, new TaskSizing(30_000, 120_000)));

        assertThatThrownBy(() -> c.run(GROUP, runner)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("Cannot read partial 'orders'").hasMessageContaining("row group 0 is corrupt");

        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.list("features/customer/org=acme/version=")).isEmpty();
        assertThat(store.exists(Layout.current("customer", "acme"))).isFalse();
        assertThat(store.exists(Layout.lock("customer", "acme"))).isFalse();
        VersionStore versions = new VersionStore(store, Clock.systemUTC(), Duration.ofHours(3));
        assertThat(versions.runs("customer", "acme")).extracting(RunRecord::status).containsExactly(RunRecord.Status.FAILED);
    }

    @Test
    void missingPartitionOutput_failsTheJoinNamingTheTask() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        MergeTaskRunner losingOne = (plan, phase) -> {
            new InProcessTaskRunner(store, work, ManifestStats.COLLECTED, 1).run(plan, phase);
            if (phase == MergeTaskRunner.Phase.PARTITION) {
                store.delete(StagingKeys.partitioned(plan, 2));
            }
        };
        DistributedMerge d = new DistributedMerge(store, new MergeChoice(MergeChoice.Mode.DISTRIBUTED, 1), new TaskSizing(30_000, 120_000),
                losingOne, ManifestStats.COLLECTED);

        assertThatThrownBy(() -> calculation(store, d).run(GROUP, uploading(store))).isInstanceOf(DataException.class)
                .hasMessageMatching("Cannot join buckets \\[\\d+, \\d+\\) of run .*: the output of partition task 2 is missing "
                        + "\\(mem://staging/customer/org=acme/run=.*/merge/partitioned/p00002.json; that task did not finish\\)");
        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.list("features/")).filteredOn(k -> k.endsWith(".parquet")).isEmpty();
    }
}
