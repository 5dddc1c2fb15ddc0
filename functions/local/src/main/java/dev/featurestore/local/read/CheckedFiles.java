package dev.featurestore.local.read;

import dev.featurestore.error.StorageException;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data files a runtime has checked against their manifests ({@link DataFileCheck}: size and CRC32C).
 * A file is checksummed again only when its size, modification time or identity changed since, so a
 * {@code serve} process reads each file's bytes for the check once; a CLI command checks every file it reads.
 */
public final class CheckedFiles {
    private record Stamp(String crc32c, long bytes, long modifiedNanos, Object fileKey) {
    }

    private final Map<Path, Stamp> checked = new ConcurrentHashMap<>();

    /** Throws the DataException of {@link DataFileCheck#localFile} when {@code file} is not what the manifest recorded. */
    void check(DataFileCheck check, Manifest.DataFile recorded, Path file) {
        Stamp now = stamp(recorded, file);
        if (now != null && now.equals(checked.get(file))) {
            return;
        }
        check.localFile(recorded, file);
        if (now != null) {
            checked.put(file, now);
        }
    }

    private static Stamp stamp(Manifest.DataFile recorded, Path file) {
        if (recorded.crc32c().isEmpty()) {
            return null; // size only: nothing worth remembering
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(recorded.crc32c().get(), a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    Objects.requireNonNullElse(a.fileKey(), file));
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // the check names it missing
        } catch (IOException e) {
            throw new StorageException("Cannot read the attributes of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
