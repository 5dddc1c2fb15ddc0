package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.storage.ScratchDir;
import dev.featurestore.storage.ScratchDirHolder;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge killed mid-way (kill -9) leaves its staging directory in the output and its spill directory; the next
 * merge removes them at its start, and leaves a concurrent merge's fresh directories alone.
 */
class MergerLeftoversTest {
    @TempDir
    Path tmp;

    /** What a merge killed by SIGKILL leaves: a real process held the directory and was killed. */
    private static Path killedMergesDir(Path dir) throws Exception {
        Process holder = ScratchDirHolder.start(dir);
        Files.writeString(dir.resolve("w0.spill"), "spilled rows");
        holder.destroyForcibly().waitFor();
        Files.setLastModifiedTime(dir.resolve(".owner"), FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        return dir;
    }

    @Test
    void merge_removesStagingAndSpillDirsOfKilledMerges_butNotAConcurrentMergesDirs() throws Exception {
        Path out = tmp.resolve("out");
        Path spill = tmp.resolve("spill");
        Path staleStaging = killedMergesDir(out.resolve(".merge-0b5e"));
        Files.writeString(staleStaging.resolve("part-00000.parquet"), "half a part file");
        Path staleSpill = killedMergesDir(spill.resolve("featurestore-merge-77aa"));
        Path otherFile = Files.writeString(Files.createDirectories(spill).resolve("someone-elses.spill"), "not ours");
        Process concurrent = ScratchDirHolder.start(spill.resolve("featurestore-merge-live"));
        try (ScratchDir sameProcess = ScratchDir.create(out.resolve(".merge-live"))) {
            Files.setLastModifiedTime(sameProcess.path().resolve(".owner"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Files.setLastModifiedTime(spill.resolve("featurestore-merge-live/.owner"), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Path p;
            try (InMemoryDuckDb duck = InMemoryDuckDb.open()) {
                p = duck.copy("SELECT 'c' || i AS id, i AS n FROM range(10) t(i)", tmp.resolve("p.parquet"), "");
            }

            MergeResult result = Merger.merge(MergeRequest.of(Schema.of(new Field("n", FieldType.BIGINT)), List.of(new Partial("p", p)), out, spill));

            assertThat(result.rows()).isEqualTo(10);
            assertThat(staleStaging).doesNotExist();
            assertThat(staleSpill).doesNotExist();
            assertThat(otherFile).exists();
            assertThat(sameProcess.path()).exists();
            assertThat(spill.resolve("featurestore-merge-live")).exists();
            try (var left = Files.list(out)) {
                assertThat(left.map(f -> f.getFileName().toString()).filter(n -> !n.matches("part-\\d{5}\\.parquet")))
                        .containsExactly(".merge-live");
            }
        } finally {
            concurrent.destroyForcibly().waitFor();
        }
    }
}
