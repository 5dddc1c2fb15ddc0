package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The merge's two phases as tasks over local files, for a merge split across processes or machines
 * (docs/merge.md, "Distributed merge"). They run the same workers as the single-machine merge
 * ({@link Merger}): a partition task is one phase-1 worker over some row groups, a join task one phase-2 worker
 * over a range of buckets. Between them travel <em>bucket-range files</em>: the bytes one partition task spilled
 * for a range of buckets, {@code [magic "FSB1"][buckets i32][from i32][to i32][length i64 per bucket][bytes]}.
 */
public final class MergeTasks {
    private static final int MAGIC = 0x46534231; // "FSB1"

    private MergeTasks() {
    }

    /** One row group of one partial (by its index in the merge's inputs). */
    public record RowGroup(int partial, int rowGroup) {
    }

    /** What a partition task spilled: rows read per partial, and its spill, to be cut into bucket-range files. */
    public static final class Partitioned {
        private final SpillWriter.Spill spill;
        private final int buckets;
        private final long[] rowsPerPartial;

        private Partitioned(SpillWriter.Spill spill, int buckets, long[] rowsPerPartial) {
            this.spill = spill;
            this.buckets = buckets;
            this.rowsPerPartial = rowsPerPartial;
        }

        public long[] rowsPerPartial() {
            return rowsPerPartial.clone();
        }

        /** Bytes spilled for buckets {@code [from, to)}. */
        public long bytes(int from, int to) {
            long n = 0;
            for (int b = from; b < to; b++) {
                n += spill.bytes(b);
            }
            return n;
        }

        /** Writes the spilled bytes of buckets {@code [from, to)} as a bucket-range file at {@code target}. */
        public void writeRange(int from, int to, Path target) throws IOException {
            if (from < 0 || to > buckets || from > to) {
                throw new IllegalArgumentException("Cannot cut buckets [" + from + ", " + to + ") of " + buckets);
            }
            try (FileChannel in = FileChannel.open(spill.file(), StandardOpenOption.READ);
                 OutputStream raw = Files.newOutputStream(target);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(buckets);
                out.writeInt(from);
                out.writeInt(to);
                for (int b = from; b < to; b++) {
                    out.writeLong(spill.bytes(b));
                }
                byte[] chunk = new byte[1 << 16];
                for (int b = from; b < to; b++) {
                    for (int c = 0; c < spill.chunks()[b]; c++) {
                        long at = spill.offsets()[b][c];
                        int left = spill.lengths()[b][c];
                        while (left > 0) {
                            ByteBuffer bb = ByteBuffer.wrap(chunk, 0, Math.min(left, chunk.length));
                            int n = in.read(bb, at);
                            if (n < 0) {
                                throw new IOException("spill file " + spill.file() + " ended early");
                            }
                            out.write(chunk, 0, n);
                            at += n;
                            left -= n;
                        }
                    }
                }
            }
        }
    }

    /**
     * Phase 1: partitions {@code rowGroups} into {@code buckets} buckets, spilling under {@code spillDir}.
     * Rows with a bad id, corrupt pages or a failed cast fail it with the same errors as the single-machine merge.
     */
    public static Partitioned partition(MergeInputs inputs, int buckets, List<RowGroup> rowGroups, Path spillDir) throws IOException {
        try (PartitionWorker worker = new PartitionWorker(inputs.plans(), spillDir, 0, buckets, 1)) {
            for (RowGroup g : rowGroups) {
                if (g.partial() < 0 || g.partial() >= inputs.partials() || g.rowGroup() < 0 || g.rowGroup() >= inputs.rowGroups(g.partial())) {
                    throw new IllegalArgumentException("Cannot partition row group " + g.rowGroup() + " of partial " + g.partial()
                            + ": no such row group");
                }
                if (inputs.rowGroupRows(g.partial(), g.rowGroup()) > 0) {
                    worker.partition(g.partial(), g.rowGroup());
                }
            }
            return new Partitioned(worker.finish(), buckets, worker.rowsPerPartial());
        }
    }

    /**
     * Phase 2: joins buckets {@code [from, to)} from the bucket-range files every partition task wrote for that
     * range into one Parquet file at {@code file} (one row group per non-empty bucket), {@code observers}
     * seeing every value as worker {@code worker}.
     */
    public static JoinedPart join(MergeInputs inputs, ColumnObserver.Factory observers, int worker, int buckets, int from, int to,
                                  List<Path> rangeFiles, Path file) throws IOException {
        SpillWriter.Spill[] spills = new SpillWriter.Spill[rangeFiles.size()];
        for (int i = 0; i < spills.length; i++) {
            spills[i] = readRange(rangeFiles.get(i), buckets, from, to);
        }
        try (JoinWorker joiner = new JoinWorker(inputs.plans(), inputs.schema(), observers, worker, spills, file)) {
            for (int b = from; b < to; b++) {
                joiner.join(b);
            }
            return joiner.finish();
        }
    }

    /** A bucket-range file as a spill with one chunk per non-empty bucket, checked against the expected range. */
    private static SpillWriter.Spill readRange(Path file, int buckets, int from, int to) throws IOException {
        long[][] offsets = new long[buckets][];
        int[][] lengths = new int[buckets][];
        int[] chunks = new int[buckets];
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (size < 16 || in.readInt() != MAGIC) {
                throw new DataException("Cannot join " + file.getFileName() + ": not a bucket-range file");
            }
            int b0 = in.readInt();
            int f0 = in.readInt();
            int t0 = in.readInt();
            if (b0 != buckets || f0 != from || t0 != to) {
                throw new DataException("Cannot join " + file.getFileName() + ": it holds buckets [" + f0 + ", " + t0 + ") of " + b0
                        + ", expected [" + from + ", " + to + ") of " + buckets);
            }
            long at = 16 + 8L * (to - from);
            for (int b = from; b < to; b++) {
                long len = in.readLong();
                if (len < 0 || len > Integer.MAX_VALUE - 16) {
                    throw new DataException("Cannot join " + file.getFileName() + ": bucket " + b + " has a bad length " + len);
                }
                if (len > 0) {
                    offsets[b] = new long[] {at};
                    lengths[b] = new int[] {(int) len};
                    chunks[b] = 1;
                }
                at += len;
            }
            if (at != size) {
                throw new DataException("Cannot join " + file.getFileName() + ": it is " + size + " bytes, its index says " + at
                        + " (truncated or corrupt)");
            }
        }
        return new SpillWriter.Spill(file, offsets, lengths, chunks);
    }
}
