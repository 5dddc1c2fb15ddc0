package dev.featurestore.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scratch directory (merge output staging, spill files, a run's or a function's work dir) that says it is in
 * use: while it is open its owner holds an exclusive lock on {@code .owner} inside it. The operating system
 * releases the lock when the owner dies, even by {@code kill -9} or a Lambda timeout, so
 * {@link #removeStale} tells a dead run's leftovers from a live run's without guessing from ages.
 * Closing deletes the directory.
 */
public final class ScratchDir implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchDir.class);
    static final String OWNER = ".owner";
    /** A marked directory younger than this is left alone: its owner may be between creating and locking it. */
    static final Duration MARKED_AGE = Duration.ofMinutes(1);
    /** Leftovers that cannot say whether they are in use (plain files, unmarked directories) go after this. */
    public static final Duration UNMARKED_AGE = Duration.ofHours(6);

    /** This process as written in {@code .owner}: pid and start instant (pids are reused, a pid and its start are not). */
    private static final String THIS_PROCESS = ProcessHandle.current().pid() + " "
            + ProcessHandle.current().info().startInstant().map(Instant::toString).orElse("?");

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private ScratchDir(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code dir} (and its parents) and holds it until {@link #close()}. */
    public static ScratchDir create(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(OWNER), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            channel.write(java.nio.ByteBuffer.wrap((THIS_PROCESS + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return new ScratchDir(dir, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return dir;
    }

    /** Deletes the directory and lets go of it; failures are logged (scratch space must not fail a run). */
    @Override
    public void close() {
        LocalFiles.deleteQuietly(dir);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot release scratch dir {}: {}", dir, e.toString());
        }
    }

    /**
     * Removes from {@code parent} what killed runs left: entries whose names start with one of {@code prefixes}
     * and that are stale — a scratch directory no live process holds (and older than a minute), or anything
     * else (a plain file, a directory without {@code .owner}) not modified for {@link #UNMARKED_AGE}. Never
     * touches a live run's directory. Best effort: failures are logged, never thrown. Returns what it removed.
     */
    public static List<Path> removeStale(Path parent, Clock clock, String... prefixes) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return removed;
        }
        Instant now = clock.instant();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (java.util.Arrays.stream(prefixes).noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    if (stale(entry, now)) {
                        LocalFiles.deleteQuietly(entry);
                        if (!Files.exists(entry)) {
                            removed.add(entry);
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (its owner finished)
                } catch (IOException e) {
                    LOG.warn("cannot check leftover {}: {}", entry, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} for leftovers: {}", parent, e.toString());
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} leftovers of killed runs in {}: {}", removed.size(), parent,
                    removed.stream().map(p -> p.getFileName().toString()).toList());
        }
        return removed;
    }

    private static boolean stale(Path entry, Instant now) throws IOException {
        Path owner = entry.resolve(OWNER);
        if (Files.isDirectory(entry) && Files.isRegularFile(owner)) {
            return olderThan(owner, MARKED_AGE, now) && !held(owner);
        }
        return olderThan(entry, UNMARKED_AGE, now);
    }

    private static boolean olderThan(Path p, Duration age, Instant now) throws IOException {
        return Files.getLastModifiedTime(p).toInstant().plus(age).isBefore(now);
    }

    /**
     * Whether a live process holds the lock on {@code owner}. This process's own directories are recognized by
     * the identity written in them, never probed: closing a probe's file descriptor would drop this process's
     * POSIX lock on the file.
     */
    private static boolean held(Path owner) throws IOException {
        if (Files.readString(owner).strip().equals(THIS_PROCESS)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(owner, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true; // another process holds it
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM holds it: a concurrent run in this process
        }
    }
}
