package dev.featurestore.merge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One worker's spill files, one per bucket ({@code w<worker>-b<bucket>.spill}), written through a small buffer
 * per bucket. A record is {@code [partial u8][id length varint][id bytes][null bitmap][values]}, values being
 * 1/4/8-byte little-endian longs or varint-length-prefixed bytes (see {@link ParquetTypes} for what they mean).
 */
final class SpillWriter implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final Path dir;
    private final int worker;
    private final byte[][] buffers;
    private final int[] used;
    private long bytes;

    SpillWriter(Path dir, int worker, int buckets) {
        this.dir = dir;
        this.worker = worker;
        this.buffers = new byte[buckets][];
        this.used = new int[buckets];
    }

    static Path file(Path dir, int worker, int bucket) {
        return dir.resolve("w" + worker + "-b" + bucket + ".spill");
    }

    /** Appends {@code len} bytes of {@code record} to the bucket. */
    void append(int bucket, byte[] record, int len) throws IOException {
        byte[] buf = buffers[bucket];
        if (buf == null) {
            buf = buffers[bucket] = new byte[BUFFER];
        }
        if (used[bucket] + len > buf.length) {
            flush(bucket);
            if (len > buf.length) {
                buf = buffers[bucket] = new byte[len];
            }
        }
        System.arraycopy(record, 0, buf, used[bucket], len);
        used[bucket] += len;
        bytes += len;
    }

    long bytes() {
        return bytes;
    }

    private void flush(int bucket) throws IOException {
        if (used[bucket] == 0) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file(dir, worker, bucket), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bb = ByteBuffer.wrap(buffers[bucket], 0, used[bucket]);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
        used[bucket] = 0;
    }

    @Override
    public void close() throws IOException {
        for (int b = 0; b < buffers.length; b++) {
            flush(b);
            buffers[b] = null;
        }
        Arrays.fill(used, 0);
    }
}
