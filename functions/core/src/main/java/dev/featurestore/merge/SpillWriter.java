package dev.featurestore.merge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One worker's spill: a small buffer per bucket (4-32 KB: all buffers of all workers share {@link #BUFFER_BUDGET},
 * so phase 1 memory stays flat as the bucket count grows), all slices of one array (so appending a record touches
 * one array header, not one per bucket; a record larger than a slice gets its bucket an array of its own); a full buffer is appended to the worker's single spill file
 * ({@code w<worker>.spill}, sequential writes, one file handle) and its position remembered per bucket, so
 * phase 2 reads a bucket back with a few positional reads. A record is
 * {@code [partial u8][id length varint][id bytes][null bitmap][values]}, values being 1/4/8-byte little-endian
 * longs or varint-length-prefixed bytes (merge values, see {@code ParquetTypes}).
 */
final class SpillWriter implements AutoCloseable {

    /** Memory for all bucket buffers of all workers together; each buffer gets its share, 4–32 KB. */
    static final long BUFFER_BUDGET = 64L << 20;
    static final int MIN_BUFFER = 4 * 1024;
    static final int MAX_BUFFER = 32 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final byte[][] buffers;
    private final int[] start;
    private final int[] capacity;
    private final int[] used;
    private final int bufferSize;
    private final long[][] chunkOffsets;
    private final int[][] chunkLengths;
    private final int[] chunks;
    private long written;

    SpillWriter(Path dir, int worker, int buckets, int workers) throws IOException {
        this.file = file(dir, worker);
        this.bufferSize = (int) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, BUFFER_BUDGET / ((long) buckets * workers)));
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.buffers = new byte[buckets][];
        this.start = new int[buckets];
        this.capacity = new int[buckets];
        byte[] slices = new byte[Math.multiplyExact(buckets, bufferSize)];
        for (int b = 0; b < buckets; b++) {
            buffers[b] = slices;
            start[b] = b * bufferSize;
            capacity[b] = bufferSize;
        }
        this.used = new int[buckets];
        this.chunkOffsets = new long[buckets][];
        this.chunkLengths = new int[buckets][];
        this.chunks = new int[buckets];
    }

    static Path file(Path dir, int worker) {
        return dir.resolve("w" + worker + ".spill");
    }

    /**
     * Reserves {@code len} bytes at the end of the bucket's buffer (flushing it first when they do not fit) and
     * returns where they start in {@link #buffer}; the caller writes one record there.
     */
    int reserve(int bucket, int len) throws IOException {
        int at = used[bucket];
        if (at + len > capacity[bucket]) {
            flush(bucket);
            at = 0;
            if (len > capacity[bucket]) {
                buffers[bucket] = new byte[len];
                start[bucket] = 0;
                capacity[bucket] = len;
            }
        }
        used[bucket] = at + len;
        return start[bucket] + at;
    }

    /** The bucket's buffer, valid until the next {@link #reserve} of the bucket. */
    byte[] buffer(int bucket) {
        return buffers[bucket];
    }

    private void flush(int bucket) throws IOException {
        int n = used[bucket];
        if (n == 0) {
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(buffers[bucket], start[bucket], n);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        int c = chunks[bucket]++;
        if (chunkOffsets[bucket] == null) {
            chunkOffsets[bucket] = new long[4];
            chunkLengths[bucket] = new int[4];
        } else if (c == chunkOffsets[bucket].length) {
            chunkOffsets[bucket] = Arrays.copyOf(chunkOffsets[bucket], c * 2);
            chunkLengths[bucket] = Arrays.copyOf(chunkLengths[bucket], c * 2);
        }
        chunkOffsets[bucket][c] = written;
        chunkLengths[bucket][c] = n;
        written += n;
        used[bucket] = 0;
    }

    /** Flushes every bucket and closes the file; returns where each bucket's chunks are. */
    Spill finish() throws IOException {
        for (int b = 0; b < buffers.length; b++) {
            flush(b);
            buffers[b] = null;
        }
        channel.close();
        return new Spill(file, chunkOffsets, chunkLengths, chunks);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A finished worker spill: its file and, per bucket, the offsets and lengths of its chunks. */
    record Spill(Path file, long[][] offsets, int[][] lengths, int[] chunks) {
        long bytes(int bucket) {
            long n = 0;
            for (int c = 0; c < chunks[bucket]; c++) {
                n += lengths[bucket][c];
            }
            return n;
        }
    }
}
