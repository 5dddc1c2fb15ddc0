package dev.featurestore.parquet;

import java.nio.ByteBuffer;
import org.apache.parquet.column.ColumnReader;

/**
 * Reads one column of a row group in batches of rows into {@link ColumnBatch}es, cast to the merge value: pages
 * decoded by {@link FastColumnReader} a batch at a time (values as arrays, strings as offsets into the page or the
 * dictionary, no object per value), anything else value by value through parquet-java's reader and
 * {@link ColumnCast}. Get one from {@link ParquetFile.RowGroup#batches}.
 */
public final class ColumnBatchReader {

    private final FastColumnReader fast;
    private final ColumnReader values;
    private final ColumnCast cast;
    private final boolean binary;
    private final int maxDef;

    ColumnBatchReader(FastColumnReader fast, ColumnReader values, ColumnCast cast, int maxDef) {
        this.fast = fast;
        this.values = values;
        this.cast = cast;
        this.binary = cast == null || cast.binary();
        this.maxDef = maxDef;
    }

    /** True when batches of this column and cast can be decoded by the fast reader. */
    static boolean fast(ColumnCast cast) {
        return cast == null || (cast.binary() ? cast.passThrough() : cast.batchable());
    }

    /**
     * How many of the next {@code max} rows the next {@link #read} may take: fewer at the end of a page, so that
     * binary values can point into it.
     */
    public int available(int max) {
        return fast == null ? max : Math.min(max, fast.pageLeft());
    }

    /** Reads the next {@code n} rows ({@code n ≤ available(n)}) into {@code batch}. */
    public void read(int n, ColumnBatch batch) {
        if (fast == null) {
            readEach(n, batch);
        } else if (binary) {
            batch.pointInto(fast.readBinaries(n, batch.nulls(), batch.offsets(), batch.lengths()));
        } else {
            fast.readLongs(n, batch.nulls(), batch.longs());
            cast.castLongs(batch.longs(), batch.nulls(), n);
        }
    }

    private void readEach(int n, ColumnBatch batch) {
        boolean[] nulls = batch.nulls();
        int used = 0;
        for (int i = 0; i < n; i++) {
            nulls[i] = values.getCurrentDefinitionLevel() < maxDef;
            if (!nulls[i]) {
                if (binary) {
                    ByteBuffer v = (cast == null ? values.getBinary() : cast.readBinary(values)).toByteBuffer();
                    int len = v.remaining();
                    v.get(batch.copies(used, len), used, len);
                    batch.offsets()[i] = used;
                    batch.lengths()[i] = len;
                    used += len;
                } else {
                    batch.longs()[i] = cast.readLong(values);
                }
            }
            values.consume();
        }
        if (binary && used == 0) {
            batch.copies(0, 0);
        }
    }
}
