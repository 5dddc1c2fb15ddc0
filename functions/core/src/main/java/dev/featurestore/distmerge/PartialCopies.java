package dev.featurestore.distmerge;

import dev.featurestore.error.DataException;
import dev.featurestore.merge.Partial;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A partial as a local file for a task. A local store's file is read in place. From a remote store (S3) a task
 * fetches only what it reads, into a sparse file of the partial's size: the footer, and the byte range of its
 * row groups; the holes are never read.
 */
final class PartialCopies {
    /** The tail fetched first: most footers fit (a second ranged read fetches a bigger one). */
    static final int TAIL = 64 * 1024;
    private static final int CHUNK = 8 << 20;

    private PartialCopies() {
    }

    /** The partial with its footer readable, plus bytes {@code [from, to)} (none when from == to). */
    static Partial open(ObjectStore store, MergeTaskPlan.PartialKey p, Path dir, long from, long to) {
        Optional<Path> local = store.localFile(p.key());
        if (local.isPresent() && Files.isRegularFile(local.get())) {
            return new Partial(p.function(), local.get());
        }
        Path file = dir.resolve(p.function() + ".parquet");
        try {
            Files.createDirectories(dir);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(p.bytes());
                long tailStart = Math.max(0, p.bytes() - TAIL);
                byte[] tail = range(store, p, tailStart, (int) (p.bytes() - tailStart));
                if (tail.length < 8) {
                    throw new DataException("Cannot read partial '" + p.function() + "' (" + store.uri(p.key()) + "): not a Parquet file ("
                            + p.bytes() + " bytes)");
                }
                int footer = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                long footerStart = p.bytes() - 8 - (long) footer;
                if (footer < 0 || footerStart < 4) {
                    throw new DataException("Cannot read partial '" + p.function() + "' (" + store.uri(p.key()) + "): not a Parquet file (bad footer length "
                            + footer + ")");
                }
                if (footerStart < tailStart) {
                    tailStart = footerStart;
                    tail = range(store, p, tailStart, (int) (p.bytes() - tailStart));
                }
                raf.seek(tailStart);
                raf.write(tail);
                for (long at = from; at < to; at += CHUNK) {
                    int n = (int) Math.min(CHUNK, to - at);
                    raf.seek(at);
                    raf.write(range(store, p, at, n));
                }
            }
        } catch (IOException e) {
            throw new dev.featurestore.error.StorageException("Cannot copy partial '" + p.function() + "' to " + file + ": " + e.getMessage(), e);
        }
        return new Partial(p.function(), file);
    }

    private static byte[] range(ObjectStore store, MergeTaskPlan.PartialKey p, long offset, int length) {
        byte[] bytes = store.getRange(p.key(), offset, length).orElseThrow(() -> new DataException("Cannot merge: the partial of function '"
                + p.function() + "' is missing (" + store.uri(p.key()) + ")"));
        if (bytes.length != length) {
            throw new DataException("Cannot read partial '" + p.function() + "' (" + store.uri(p.key()) + "): it ended at byte "
                    + (offset + bytes.length) + ", expected " + p.bytes() + " bytes (it changed since the merge was planned)");
        }
        return bytes;
    }
}
