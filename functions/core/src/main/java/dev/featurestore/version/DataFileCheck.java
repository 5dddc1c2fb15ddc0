package dev.featurestore.version;

import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads trust a version's files only as far as its manifest vouches for them: each data file must be there
 * with the size (and CRC32C locally, ETag on S3) recorded when the version was written, and on S3 no other
 * data file may sit in the version's prefix (Athena reads every file there). A file that does not match is a
 * {@link DataException} naming it (exit 3, HTTP 422), never rows read from changed bytes.
 */
public final class DataFileCheck {
    private static final int BUFFER = 1 << 20;

    private final String group;
    private final String org;
    private final String version;

    public DataFileCheck(String group, String org, String version) {
        this.group = group;
        this.org = org;
        this.version = version;
    }

    /** CRC32C of a file's bytes, 8 hex digits. */
    public static String crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /**
     * Checks the listing of the version's prefix against the manifest's files: each present with its size and
     * (where both have one) ETag, and no {@code .parquet} file the manifest does not list.
     */
    public void againstListing(List<Manifest.DataFile> files, List<ObjectStore.Listed> listed) {
        Map<String, ObjectStore.Listed> byKey = new HashMap<>();
        listed.forEach(l -> byKey.put(l.key(), l));
        for (Manifest.DataFile f : files) {
            ObjectStore.Listed l = byKey.remove(f.key());
            if (l == null) {
                throw missing(f);
            }
            checkSize(f, l.bytes());
            if (f.etag().isPresent() && l.etag().isPresent() && !f.etag().get().equals(l.etag().get())) {
                throw changed(f, "its ETag is " + l.etag().get() + ", the manifest recorded " + f.etag().get());
            }
        }
        for (String extra : byKey.keySet()) {
            if (extra.endsWith(".parquet")) {
                throw new DataException(prefix() + "file " + extra.substring(extra.lastIndexOf('/') + 1)
                        + " is not in the manifest (it was added after the version was written, and engines reading the"
                        + " whole version would read it; remove it, or recalculate)");
            }
        }
    }

    /**
     * Checks a local copy of a data file: its size, then its CRC32C when the manifest has one (manifests
     * written before checksums are checked by size only).
     */
    public void localFile(Manifest.DataFile f, Path file) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (NoSuchFileException e) {
            throw missing(f);
        } catch (IOException e) {
            throw new StorageException(prefix() + "cannot read file " + f.name() + " (" + e.getMessage() + ")", e);
        }
        checkSize(f, size);
        if (f.crc32c().isPresent()) {
            String actual;
            try {
                actual = crc32c(file);
            } catch (IOException e) {
                throw new StorageException(prefix() + "cannot read file " + f.name() + " (" + e.getMessage() + ")", e);
            }
            if (!actual.equals(f.crc32c().get())) {
                throw changed(f, "its CRC32C is " + actual + ", the manifest recorded " + f.crc32c().get());
            }
        }
    }

    private void checkSize(Manifest.DataFile f, long bytes) {
        if (bytes != f.bytes()) {
            throw changed(f, "it has " + bytes + " bytes, the manifest recorded " + f.bytes());
        }
    }

    private DataException missing(Manifest.DataFile f) {
        return missing(f.name());
    }

    private DataException changed(Manifest.DataFile f, String how) {
        return changed(f.name(), how);
    }

    /** The error for a data file that is gone, named by its file name. */
    public DataException missing(String name) {
        return new DataException(prefix() + "file " + name + " is missing (it was deleted after the version was"
                + " written; recalculate, or publish another version)");
    }

    /** The error for a data file whose bytes are not the recorded ones; {@code how} says what differs. */
    public DataException changed(String name, String how) {
        return new DataException(prefix() + "file " + name + " was changed after the version was written (" + how
                + "; recalculate, or publish another version)");
    }

    private String prefix() {
        return "Cannot read version '" + version + "' of group '" + group + "' for org '" + org + "': ";
    }
}
