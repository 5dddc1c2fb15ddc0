package dev.featurestore.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.Cli;
import dev.featurestore.storage.ScratchDir;
import dev.featurestore.storage.ScratchDirHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What killed commands left in the lake goes at the next calculate; what live ones hold stays. */
class LeftoversTest {
    @TempDir
    Path lake;

    private static void age(Path p, Duration by) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(by)));
    }

    @Test
    void calculate_removesAKilledRunsWorkDir_interruptedWrites_andOldServeAnswers_keepingLiveOnes() throws Exception {
        Cli cli = new Cli(lake);
        assertThat(cli.run("sources", "--customers", "500").exitCode()).isZero();
        Path killedRun = lake.resolve(".work/run-20261120T000000Z-dead");
        Process holder = ScratchDirHolder.start(killedRun);
        Files.createDirectories(killedRun.resolve("spill/featurestore-merge-1"));
        Files.writeString(killedRun.resolve("spill/featurestore-merge-1/w0.spill"), "rows");
        holder.destroyForcibly().waitFor(); // kill -9 mid-merge
        age(killedRun.resolve(".owner"), Duration.ofMinutes(5));
        Path liveRun = lake.resolve(".work/run-20261130T000000Z-live");
        Process live = ScratchDirHolder.start(liveRun);
        age(liveRun.resolve(".owner"), Duration.ofHours(1));
        Path oldAnswer = Files.writeString(lake.resolve(".work/answer-0b5e.parquet"), "half an answer");
        age(oldAnswer, ScratchDir.UNMARKED_AGE.plusMinutes(5));
        Path freshAnswer = Files.writeString(lake.resolve(".work/answer-77aa.parquet"), "being written");
        Path interrupted = Files.writeString(Files.createDirectories(lake.resolve("features/customer/org=acme"))
                .resolve(".tmp-_current-0b5e"), "half a pointer");
        age(interrupted, ScratchDir.UNMARKED_AGE.plusMinutes(5));
        try {
            Cli.Result r = cli.run("calculate", "customer", "--org", "acme");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(killedRun).doesNotExist();
            assertThat(oldAnswer).doesNotExist();
            assertThat(interrupted).doesNotExist();
            assertThat(liveRun).exists();
            assertThat(freshAnswer).exists();
        } finally {
            live.destroyForcibly().waitFor();
        }
    }
}
