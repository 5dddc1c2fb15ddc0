package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ColumnCast;
import dev.featurestore.parquet.ParquetFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.column.ColumnReader;

/** Phase 1 of the merge: reads row groups of partials and appends each row to the spill bucket of its id. */
final class Partitioner {

    private final SpillWriter spill;
    private final int buckets;
    private byte[] record = new byte[1024];
    private int pos;

    Partitioner(SpillWriter spill, int buckets) {
        this.spill = spill;
        this.buckets = buckets;
    }

    static int bucketOf(long hash, int buckets) {
        return (int) (((hash >>> 32) * buckets) >>> 32);
    }

    /** Partitions one row group of one partial; returns its row count. */
    long partition(PartialPlan plan, ParquetFile file, int rowGroup) throws IOException {
        ParquetFile.RowGroup rg = file.rowGroup(rowGroup);
        ColumnReader id = rg.column(plan.idColumn());
        int idMax = plan.idColumn().getMaxDefinitionLevel();
        int n = plan.columns().length;
        ColumnReader[] readers = new ColumnReader[n];
        int[] maxDl = new int[n];
        for (int i = 0; i < n; i++) {
            readers[i] = rg.column(plan.columns()[i]);
            maxDl[i] = plan.columns()[i].getMaxDefinitionLevel();
        }
        ColumnCast[] casts = plan.casts();
        int[] width = plan.width();
        int bitmapBytes = plan.bitmapBytes();
        byte partial = (byte) plan.index();
        long rows = rg.rows();
        for (long r = 0; r < rows; r++) {
            if (id.getCurrentDefinitionLevel() < idMax) {
                throw new DataException("Cannot merge " + plan.description() + ": row " + (plan.rowGroupStart()[rowGroup] + r + 1)
                        + " has a null id (every row needs an entity id; filter out rows without one in the function)");
            }
            int idLen = ColumnCast.idLength(id);
            ByteBuffer ib = null;
            if (idLen < 0) {
                ib = id.getBinary().toByteBuffer();
                idLen = ib.remaining();
            }
            pos = 0;
            ensure(1 + 5 + idLen + bitmapBytes);
            record[pos++] = partial;
            putVarint(idLen);
            int idOff = pos;
            if (ib == null) {
                ColumnCast.copyDirect(id, record, pos);
            } else {
                ib.get(record, pos, idLen);
            }
            pos += idLen;
            id.consume();
            int bitmap = pos;
            for (int b = 0; b < bitmapBytes; b++) {
                record[pos++] = 0;
            }
            for (int i = 0; i < n; i++) {
                ColumnReader cr = readers[i];
                if (cr.getCurrentDefinitionLevel() < maxDl[i]) {
                    record[bitmap + (i >>> 3)] |= (byte) (1 << (i & 7));
                } else if (width[i] == 0) {
                    int len = casts[i].directLength(cr);
                    if (len >= 0) {
                        ensure(5 + len);
                        putVarint(len);
                        ColumnCast.copyDirect(cr, record, pos);
                    } else {
                        ByteBuffer vb = casts[i].readBinary(cr).toByteBuffer();
                        len = vb.remaining();
                        ensure(5 + len);
                        putVarint(len);
                        vb.get(record, pos, len);
                    }
                    pos += len;
                } else {
                    long v = casts[i].readLong(cr);
                    ensure(8);
                    switch (width[i]) {
                        case 1 -> record[pos++] = (byte) v;
                        case 4 -> {
                            Bytes.putInt(record, pos, (int) v);
                            pos += 4;
                        }
                        default -> {
                            Bytes.putLong(record, pos, v);
                            pos += 8;
                        }
                    }
                }
                cr.consume();
            }
            int bucket = bucketOf(Bytes.hash(record, idOff, idLen), buckets);
            spill.append(bucket, record, pos);
        }
        return rows;
    }

    private void ensure(int extra) {
        if (pos + extra > record.length) {
            record = java.util.Arrays.copyOf(record, Math.max(record.length * 2, pos + extra));
        }
    }

    private void putVarint(int v) {
        while ((v & ~0x7F) != 0) {
            record[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        record[pos++] = (byte) v;
    }
}
