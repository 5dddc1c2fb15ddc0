package dev.featurestore.local.storage;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.RangeSpans;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The lake directory as an {@link ObjectStore}: a key is a relative path under the root. Writes go to a
 * temporary file in the target's directory and are moved into place atomically, so a reader sees the old or
 * the new bytes; {@link #putIfAbsent} links the temporary file to the key, which fails when the key exists
 * (an exclusive create that never shows a half-written object).
 */
public final class LocalObjectStore implements ObjectStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalObjectStore.class);
    private static final String TEMP_PREFIX = ".tmp-";
    /** The lock files of {@link #replaceIfMatch} and {@link #deleteIfMatch}: never listed, never cleaned as leftovers. */
    private static final String CAS_PREFIX = ".cas-";

    private final Path root;

    private LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static LocalObjectStore create(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StorageException("Cannot create the lake directory " + root + ": " + e.getMessage()
                    + " (check permissions or set --lake / FEATURESTORE_LAKE)", e);
        }
        return new LocalObjectStore(root);
    }

    public Path root() {
        return root;
    }

    /** The file behind a key; rejects keys that would leave the lake directory. */
    public Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new StorageException("Cannot use key '" + key + "': keys are relative '/'-separated paths");
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new StorageException("Cannot use key '" + key + "': it points outside the lake directory " + root);
        }
        return p;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path(key))) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.max(0, Math.min(length, ch.size() - offset)));
            long at = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            return Optional.of(buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /** Ranges closer than this are read with one positioned read (the bytes between are read and dropped). */
    static final int RANGE_GAP = 16 * 1024;

    /**
     * One open file for all ranges, its size compared with the expected one before anything is read; neighbouring
     * ranges (less than {@link #RANGE_GAP} apart) share one positioned read.
     */
    @Override
    public RangeRead getRanges(String key, java.util.List<Range> ranges, Expected expected) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path(key))) {
            long size = ch.size();
            if (size != expected.bytes()) {
                return new RangeRead.Changed("it has " + size + " bytes, the manifest recorded " + expected.bytes());
            }
            for (Range r : ranges) {
                if (r.offset() < 0 || r.length() < 0 || r.offset() + r.length() > size) {
                    return new RangeRead.Changed("a read of " + r.length() + " bytes at " + r.offset() + " is outside its "
                            + size + " bytes");
                }
            }
            byte[][] out = new byte[ranges.size()][];
            for (RangeSpans.Span s : RangeSpans.of(ranges, RANGE_GAP)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(s.length());
                long at = s.start();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, at);
                    if (n < 0) {
                        return new RangeRead.Changed("it ended while being read");
                    }
                    at += n;
                }
                s.cut(buf.array(), ranges, out);
            }
            return new RangeRead.Read(java.util.Arrays.asList(out));
        } catch (NoSuchFileException e) {
            return new RangeRead.Missing();
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(Files.newInputStream(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("open", key, e);
        }
    }

    @Override
    public void download(String key, Path target) {
        Path source = path(key);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new StorageException("Cannot download '" + key + "': no such object in " + root, e);
        } catch (IOException e) {
            throw failure("download", key, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        Path target = path(key);
        Path temp = temp(target);
        try {
            Files.write(temp, bytes);
            moveIntoPlace(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("write", key, e);
        }
    }

    @Override
    public void putFile(String key, Path source) {
        Path target = path(key);
        Path temp = temp(target);
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            moveIntoPlace(temp, target);
        } catch (NoSuchFileException e) {
            deleteQuietly(temp);
            throw new StorageException("Cannot upload " + source + " to '" + key + "': the file does not exist", e);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("write", key, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        Path target = path(key);
        Path temp = temp(target);
        try {
            Files.write(temp, bytes);
            try {
                Files.createLink(target, temp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // no hard links on this file system: an exclusive create, then the bytes
                try {
                    Files.write(target, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return true;
                } catch (FileAlreadyExistsException exists) {
                    return false;
                }
            }
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public Optional<Tagged> getTagged(String key) {
        return get(key).map(b -> new Tagged(b, digest(b)));
    }

    /**
     * Under the key's compare-and-swap lock (an OS file lock, so other processes on the lake wait too): compare
     * the digest, then move the new bytes into place atomically. The key never disappears meanwhile, so a
     * concurrent {@link #putIfAbsent} fails as it should.
     */
    @Override
    public boolean replaceIfMatch(String key, byte[] bytes, String etag) {
        Path target = path(key);
        return exclusively(key, target, () -> {
            Optional<byte[]> current = get(key);
            if (current.isEmpty() || !digest(current.get()).equals(etag)) {
                return false;
            }
            put(key, bytes);
            return true;
        });
    }

    @Override
    public boolean deleteIfMatch(String key, String etag) {
        Path target = path(key);
        return exclusively(key, target, () -> {
            Optional<byte[]> current = get(key);
            if (current.isEmpty() || !digest(current.get()).equals(etag)) {
                return false;
            }
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw failure("delete", key, e);
            }
            return true;
        });
    }

    /**
     * Runs {@code action} holding the key's lock file ({@code .cas-<name>} next to it, never listed). Another
     * process waits on the OS lock; another thread of this JVM gets OverlappingFileLockException and retries.
     */
    private boolean exclusively(String key, Path target, java.util.function.BooleanSupplier action) {
        Path lockFile = target.resolveSibling(CAS_PREFIX + target.getFileName());
        try {
            Files.createDirectories(target.getParent());
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                while (true) {
                    try (java.nio.channels.FileLock ignored = channel.lock()) {
                        return action.getAsBoolean();
                    } catch (java.nio.channels.OverlappingFileLockException busy) {
                        Thread.onSpinWait();
                        Thread.sleep(1);
                    }
                }
            }
        } catch (IOException e) {
            throw failure("lock", key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Cannot update '" + key + "': interrupted while waiting for its lock", e);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        if (prefix.startsWith("/") || prefix.contains("..")) {
            throw new StorageException("Cannot list prefix '" + prefix + "': prefixes are relative '/'-separated paths");
        }
        // the deepest directory the prefix names entirely, then filter by the whole prefix
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .filter(p -> !p.getFileName().toString().startsWith(CAS_PREFIX))
                    .map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(k -> k.startsWith(prefix))
                    .forEach(keys::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("Cannot list '" + prefix + "' in " + root + ": " + e.getMessage(), e);
        }
        Collections.sort(keys);
        return keys;
    }

    /**
     * Removes the temporary siblings ({@code .tmp-*}) that writes killed mid-way (kill -9) left anywhere in the
     * lake, once they are {@link ScratchDir#UNMARKED_AGE} old (a live write's are seconds old). Best effort.
     */
    public List<Path> removeStaleTemporaryFiles(java.time.Clock clock) {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).toList().forEach(dir -> removed.addAll(ScratchDir.removeStale(dir, clock, TEMP_PREFIX)));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot look for leftover temporary files in {}: {}", root, e.toString());
        }
        return removed;
    }

    @Override
    public List<Listed> listWithSizes(String prefix) {
        List<Listed> listed = new ArrayList<>();
        for (String key : list(prefix)) {
            try {
                listed.add(new Listed(key, Files.size(path(key)), Optional.empty()));
            } catch (NoSuchFileException e) {
                // deleted since the listing: not there
            } catch (IOException e) {
                throw failure("list", key, e);
            }
        }
        return listed;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) {
        Path p = path(key);
        try {
            Files.deleteIfExists(p);
            pruneEmptyParents(p.getParent());
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(path(key));
    }

    @Override
    public String uri(String key) {
        return path(key).toUri().toString();
    }

    private void pruneEmptyParents(Path dir) {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return; // not empty, or gone: either way done
            }
            dir = dir.getParent();
        }
    }

    private static Path temp(Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new StorageException("Cannot create directory " + target.getParent() + ": " + e.getMessage(), e);
        }
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is invisible to list() and harmless
        }
    }

    private StorageException failure(String verb, String key, IOException e) {
        return new StorageException("Cannot " + verb + " '" + key + "' in " + root + ": " + e, e);
    }
}
