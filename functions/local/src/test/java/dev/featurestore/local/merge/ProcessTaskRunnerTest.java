package dev.featurestore.local.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.calculate.Calculation;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.FunctionRunner;
import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.distmerge.DistributedMerge;
import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.TaskSizing;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.function.Params;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.merge.Merger;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.testing.InMemoryCatalog;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A distributed merge's worker processes: a killed worker or a corrupt partial fails the run, publishing nothing. */
class ProcessTaskRunnerTest {
    static final Schema A = new Schema(List.of(new Field("x", FieldType.BIGINT)));
    static final Schema B = new Schema(List.of(new Field("s", FieldType.STRING)));
    static final ResolvedGroup GROUP = new ResolvedGroup("customer", "acme", A.plus(B),
            List.of(new FunctionSpec.Java("a", "x.A", Optional.of(List.of("x"))), new FunctionSpec.Java("b", "x.B", Optional.of(List.of("s")))),
            Params.empty(), DriftSettings.DEFAULT);

    @TempDir
    static Path partials;

    @TempDir
    Path lake;

    @BeforeAll
    static void write() {
        try (ParquetPartialWriter a = ParquetPartialWriter.create(partials.resolve("a.parquet"), A, 20_000);
             ParquetPartialWriter b = ParquetPartialWriter.create(partials.resolve("b.parquet"), B, 20_000)) {
            for (int i = 0; i < 100_000; i++) {
                a.write("id" + i, (long) i);
                b.write("id" + (i * 3), "v" + (i % 97));
            }
        }
    }

    Manifest run(LocalObjectStore store, Consumer<Process> started, Path aPartial) {
        Path work = lake.resolve(".work");
        DistributedMerge merge = new DistributedMerge(store, new MergeChoice(MergeChoice.Mode.DISTRIBUTED, 1), new TaskSizing(40_000, 80_000),
                new ProcessTaskRunner(store, work.resolve("merge-tasks"), 2, List.of("-Xmx256m"), started), ManifestStats.COLLECTED);
        Calculation c = Calculation.builder(store, new InMemoryCatalog(), Merger::merge)
                .versions(new VersionStore(store, Clock.systemUTC(), Duration.ofHours(3))).ids(VersionIds.systemDefault())
                .workDir(work).threads(2).codeVersion("test").distributedMerging(merge).build();
        FunctionRunner runner = task -> {
            store.putFile(task.partialKey(), task.function().name().equals("a") ? aPartial : partials.resolve("b.parquet"));
            return new FunctionOutcome(task.function().name(), 1, 1, List.of(), List.of());
        };
        return c.run(GROUP, runner);
    }

    @Test
    void workerProcesses_publishTheMergedVersion() {
        LocalObjectStore store = LocalObjectStore.create(lake);
        AtomicInteger started = new AtomicInteger();

        Manifest m = run(store, p -> started.incrementAndGet(), partials.resolve("a.parquet"));

        assertThat(m.rowCount()).isEqualTo(100_000 + 66_666);
        assertThat(started.get()).isEqualTo(6 + 3); // 3 partition tasks (row groups of 20k rows cut at 40k) per partial, 3 join tasks
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void killedWorker_failsTheRunWithoutPublishing_andLeavesNothing() throws IOException {
        LocalObjectStore store = LocalObjectStore.create(lake);
        AtomicInteger started = new AtomicInteger();

        assertThatThrownBy(() -> run(store, p -> {
            if (started.getAndIncrement() == 1) {
                p.destroyForcibly(); // kill -9 of the second partition task
            }
        }, partials.resolve("a.parquet"))).isInstanceOf(StorageException.class)
                .hasMessageMatching("Cannot run partition task 1 of run .*: its worker process was killed \\(signal 9\\) before finishing");

        assertNothingPublished(store);
    }

    @Test
    void corruptPartial_failsTheRunAsBadData_withoutPublishing() throws IOException {
        LocalObjectStore store = LocalObjectStore.create(lake);
        byte[] bytes = Files.readAllBytes(partials.resolve("a.parquet"));
        for (int i = 4_000; i < 8_000; i++) {
            bytes[i] = (byte) 0x5A;
        }
        Path corrupt = lake.resolve("corrupt.parquet");
        Files.write(corrupt, bytes);

        assertThatThrownBy(() -> run(store, p -> { }, corrupt)).isInstanceOf(DataException.class)
                .hasMessageContaining("partial 'a'").hasMessageContaining("row group 0 is corrupt");

        assertNothingPublished(store);
    }

    private static void assertNothingPublished(LocalObjectStore store) throws IOException {
        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.list("features/")).filteredOn(k -> k.endsWith(".parquet")).isEmpty();
        assertThat(store.exists(Layout.current("customer", "acme"))).isFalse();
        assertThat(store.exists(Layout.lock("customer", "acme"))).isFalse();
        VersionStore versions = new VersionStore(store, Clock.systemUTC(), Duration.ofHours(3));
        assertThat(versions.runs("customer", "acme")).extracting(RunRecord::status).containsExactly(RunRecord.Status.FAILED);
        try (var files = Files.walk(store.root().resolve(".work"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".owner"))).isEmpty();
        }
    }
}
