package dev.featurestore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftovers of killed runs are removed; a live run's directories never are, whichever process holds them. */
class ScratchDirTest {
    private static final Clock NOW = Clock.systemUTC();

    @TempDir
    Path parent;

    private static void age(Path p, Duration by) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(by)));
    }

    /** A directory as a process that died left it: its .owner names that process, nobody holds the lock. */
    private Path deadRunsDir(String name) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.writeString(dir.resolve(ScratchDir.OWNER), "4194999 2026-11-30T00:00:00Z\n");
        Files.writeString(dir.resolve("w0.spill"), "spilled rows");
        age(dir.resolve(ScratchDir.OWNER), Duration.ofMinutes(5));
        return dir;
    }

    @Test
    void create_holdsTheDirectory_andCloseDeletesIt() throws Exception {
        Path dir;
        try (ScratchDir s = ScratchDir.create(parent.resolve("run-1/nested"))) {
            dir = s.path();
            assertThat(dir.resolve(ScratchDir.OWNER)).exists();
            Files.writeString(dir.resolve("x"), "x");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void removeStale_removesADeadRunsDirectory_only_withTheGivenPrefix() throws Exception {
        Path dead = deadRunsDir("run-dead");
        Path other = deadRunsDir("mine-dead");

        assertThat(ScratchDir.removeStale(parent, NOW, "run-")).containsExactly(dead);

        assertThat(dead).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void removeStale_keepsADirectoryThisProcessHolds_andDoesNotDropItsLock() throws Exception {
        try (ScratchDir live = ScratchDir.create(parent.resolve("run-live"))) {
            age(live.path().resolve(ScratchDir.OWNER), Duration.ofDays(2));

            assertThat(ScratchDir.removeStale(parent, NOW, "run-")).isEmpty();

            assertThat(live.path()).exists();
            // still locked for other processes: a holder started now cannot take it
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ScratchDirHolder.class.getName(), live.path().toString())
                    .redirectErrorStream(true).start();
            try {
                assertThat(other.waitFor(2, TimeUnit.SECONDS)).as("the other process would block on the lock").isFalse();
            } finally {
                other.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void removeStale_keepsAnotherLiveProcesssDirectory_andRemovesItOnceThatProcessIsKilled() throws Exception {
        Path dir = parent.resolve("run-other");
        Process holder = ScratchDirHolder.start(dir);
        try {
            age(dir.resolve(ScratchDir.OWNER), Duration.ofDays(2));
            assertThat(ScratchDir.removeStale(parent, NOW, "run-")).isEmpty();
            assertThat(dir).exists();
        } finally {
            holder.destroyForcibly().waitFor(); // kill -9
        }

        assertThat(ScratchDir.removeStale(parent, NOW, "run-")).containsExactly(dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void removeStale_keepsAYoungDirectory_evenIfItsOwnerIsGone() throws Exception {
        Path young = deadRunsDir("run-young");
        age(young.resolve(ScratchDir.OWNER), Duration.ofSeconds(10));

        assertThat(ScratchDir.removeStale(parent, NOW, "run-")).isEmpty();
        assertThat(young).exists();
    }

    @Test
    void removeStale_unmarkedEntries_goOnlyAfterTheSafeAge() throws Exception {
        Path oldFile = Files.writeString(parent.resolve(".tmp-part-00000.parquet-1"), "half");
        Path newFile = Files.writeString(parent.resolve(".tmp-part-00001.parquet-2"), "writing");
        Path oldDir = Files.createDirectories(parent.resolve(".tmp-dir"));
        age(oldFile, ScratchDir.UNMARKED_AGE.plusMinutes(1));
        age(oldDir, ScratchDir.UNMARKED_AGE.plusMinutes(1));

        assertThat(ScratchDir.removeStale(parent, NOW, ".tmp-")).containsExactlyInAnyOrder(oldFile, oldDir);
        assertThat(newFile).exists();
    }

    @Test
    void removeStale_missingParent_removesNothing() {
        assertThat(ScratchDir.removeStale(parent.resolve("absent"), NOW, "run-")).isEmpty();
    }
}
