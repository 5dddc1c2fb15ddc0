package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ColumnBatch;
import dev.featurestore.parquet.ColumnBatchReader;
import dev.featurestore.parquet.ParquetFile;
import java.io.IOException;

/**
 * Phase 1 of the merge: reads row groups of partials and appends each row to the spill bucket of its id. A row
 * group is read in batches of rows, column by column into arrays ({@link ColumnBatchReader}); each row's record is
 * then written straight into its bucket's spill buffer.
 */
final class Partitioner {

    /** Rows per batch: the batch's arrays of all columns stay in the CPU caches. */
    static final int BATCH = 2048;

    private final SpillWriter spill;
    private final int buckets;
    private final ColumnBatch id = new ColumnBatch(BATCH);
    private ColumnBatch[] values = new ColumnBatch[0];
    private final int[] recordLength = new int[BATCH];
    private final int[] bucket = new int[BATCH];
    /** The batch's rows ordered by bucket (stable: a bucket's rows keep their order). */
    private final int[] order = new int[BATCH];
    private final int[] bucketStart;

    Partitioner(SpillWriter spill, int buckets) {
        this.spill = spill;
        this.buckets = buckets;
        this.bucketStart = new int[buckets + 1];
    }

    static int bucketOf(long hash, int buckets) {
        return (int) (((hash >>> 32) * buckets) >>> 32);
    }

    /** Partitions one row group of one partial; returns its row count. */
    long partition(PartialPlan plan, ParquetFile file, int rowGroup) throws IOException {
        ParquetFile.RowGroup rg = file.rowGroup(rowGroup);
        ColumnBatchReader idReader = rg.batches(plan.idColumn(), null);
        int n = plan.columns().length;
        ColumnBatchReader[] readers = new ColumnBatchReader[n];
        for (int i = 0; i < n; i++) {
            readers[i] = rg.batches(plan.columns()[i], plan.casts()[i]);
        }
        if (values.length < n) {
            ColumnBatch[] more = java.util.Arrays.copyOf(values, n);
            for (int i = values.length; i < n; i++) {
                more[i] = new ColumnBatch(BATCH);
            }
            values = more;
        }
        long rows = rg.rows();
        for (long done = 0; done < rows; ) {
            int count = idReader.available((int) Math.min(BATCH, rows - done));
            for (ColumnBatchReader r : readers) {
                count = r.available(count);
            }
            idReader.read(count, id);
            for (int i = 0; i < n; i++) {
                readers[i].read(count, values[i]);
            }
            checkIds(plan, rowGroup, done, count);
            measure(plan, count);
            write(plan, count);
            done += count;
        }
        return rows;
    }

    private void checkIds(PartialPlan plan, int rowGroup, long done, int count) {
        boolean[] nulls = id.nulls();
        for (int r = 0; r < count; r++) {
            if (nulls[r]) {
                throw new DataException("Cannot merge " + plan.description() + ": row " + (plan.rowGroupStart()[rowGroup] + done + r + 1)
                        + " has a null id (every row needs an entity id; filter out rows without one in the function)");
            }
        }
    }

    /** Each row's record length and bucket, column by column. */
    private void measure(PartialPlan plan, int count) {
        int[] len = recordLength;
        int[] idLen = id.lengths();
        int[] idOff = id.offsets();
        byte[] idBytes = id.bytes();
        int base = 1 + plan.bitmapBytes();
        for (int r = 0; r < count; r++) {
            len[r] = base + Bytes.varintSize(idLen[r]) + idLen[r];
            bucket[r] = bucketOf(Bytes.hash(idBytes, idOff[r], idLen[r]), buckets);
        }
        int[] width = plan.width();
        for (int c = 0; c < width.length; c++) {
            boolean[] nulls = values[c].nulls();
            int w = width[c];
            if (w == 0) {
                int[] lengths = values[c].lengths();
                for (int r = 0; r < count; r++) {
                    if (!nulls[r]) {
                        len[r] += Bytes.varintSize(lengths[r]) + lengths[r];
                    }
                }
            } else {
                for (int r = 0; r < count; r++) {
                    if (!nulls[r]) {
                        len[r] += w;
                    }
                }
            }
        }
    }

    /** Writes each row's record {@code [partial][id length][id][null bitmap][values]} into its bucket's buffer. */
    private void write(PartialPlan plan, int count) throws IOException {
        int n = plan.width().length;
        int[] width = plan.width();
        int bitmapBytes = plan.bitmapBytes();
        byte partial = (byte) plan.index();
        boolean[][] nulls = new boolean[n][];
        long[][] longs = new long[n][];
        int[][] offsets = new int[n][];
        int[][] lengths = new int[n][];
        byte[][] bytes = new byte[n][];
        for (int c = 0; c < n; c++) {
            nulls[c] = values[c].nulls();
            longs[c] = values[c].longs();
            offsets[c] = values[c].offsets();
            lengths[c] = values[c].lengths();
            bytes[c] = values[c].bytes();
        }
        int[] idLen = id.lengths();
        int[] idOff = id.offsets();
        byte[] idBytes = id.bytes();
        sortByBucket(count);
        for (int k = 0; k < count; k++) {
            int r = order[k];
            int b = bucket[r];
            int p = spill.reserve(b, recordLength[r]);
            byte[] dst = spill.buffer(b);
            dst[p++] = partial;
            p = putVarint(dst, p, idLen[r]);
            System.arraycopy(idBytes, idOff[r], dst, p, idLen[r]);
            p += idLen[r];
            int bitmap = p;
            for (int i = 0; i < bitmapBytes; i++) {
                dst[p++] = 0;
            }
            for (int c = 0; c < n; c++) {
                if (nulls[c][r]) {
                    dst[bitmap + (c >>> 3)] |= (byte) (1 << (c & 7));
                    continue;
                }
                switch (width[c]) {
                    case 0 -> {
                        int len = lengths[c][r];
                        p = putVarint(dst, p, len);
                        System.arraycopy(bytes[c], offsets[c][r], dst, p, len);
                        p += len;
                    }
                    case 1 -> dst[p++] = (byte) longs[c][r];
                    case 4 -> {
                        Bytes.putInt(dst, p, (int) longs[c][r]);
                        p += 4;
                    }
                    default -> {
                        Bytes.putLong(dst, p, longs[c][r]);
                        p += 8;
                    }
                }
            }
        }
    }

    /**
     * Orders the batch's rows by bucket (a counting sort), so that the rows of a bucket are written one after the
     * other: its buffer's end is fetched into the CPU caches once per batch, not once per row.
     */
    private void sortByBucket(int count) {
        int[] start = bucketStart;
        java.util.Arrays.fill(start, 0);
        for (int r = 0; r < count; r++) {
            start[bucket[r] + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            start[b + 1] += start[b];
        }
        for (int r = 0; r < count; r++) {
            order[start[bucket[r]]++] = r;
        }
    }

    private static int putVarint(byte[] dst, int p, int v) {
        while ((v & ~0x7F) != 0) {
            dst[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[p++] = (byte) v;
        return p;
    }
}
