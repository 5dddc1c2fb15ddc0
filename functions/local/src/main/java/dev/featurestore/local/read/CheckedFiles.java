package dev.featurestore.local.read;

import dev.featurestore.error.StorageException;
import dev.featurestore.version.DataFileCheck;
import dev.featurestore.version.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks a version's local data files against its manifest ({@link DataFileCheck}) before DuckDB reads them:
 * the size always (a stat); the CRC32C when the file was modified after the manifest was written (data files
 * are written before their manifest, so a later modification time means the bytes changed since, or the lake
 * was copied without keeping times). A file whose checksum matched is remembered by size, modification time
 * and identity, so a {@code serve} process checksums a changed-looking file once, not per request.
 */
public final class CheckedFiles {
    private record Stamp(String crc32c, long bytes, long modifiedNanos, Object fileKey) {
    }

    private final Map<Path, Stamp> checked = new ConcurrentHashMap<>();

    /**
     * Throws the DataException of {@link DataFileCheck#localFile} when {@code file} is not what the manifest
     * recorded; {@code manifestWritten} is the manifest file's modification time.
     */
    void check(DataFileCheck check, Manifest.DataFile recorded, Path file, FileTime manifestWritten) {
        Stamp now = stamp(recorded, file);
        if (now == null || now.bytes() != recorded.bytes()) {
            check.localFile(recorded, file); // missing, a size that differs, or no checksum recorded: checked by size
            return;
        }
        if (now.modifiedNanos() <= manifestWritten.to(TimeUnit.NANOSECONDS) || now.equals(checked.get(file))) {
            return; // not modified since the version was written, or already checksummed as it is now
        }
        check.localFile(recorded, file);
        checked.put(file, now);
    }

    private static Stamp stamp(Manifest.DataFile recorded, Path file) {
        if (recorded.crc32c().isEmpty()) {
            return null; // size only: nothing worth remembering
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(recorded.crc32c().get(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    Objects.requireNonNullElse(a.fileKey(), file));
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // the check names it missing
        } catch (IOException e) {
            throw new StorageException("Cannot read the attributes of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
