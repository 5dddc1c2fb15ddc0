package dev.featurestore.merge;

import dev.featurestore.parquet.BufferedPage;
import dev.featurestore.parquet.PageListener;
import dev.featurestore.types.FieldType;

/**
 * How the observers see every value the merge writes: at each page of the output (at most
 * {@link ColumnBatch#CAPACITY} rows), each observed column's values are read back from the writer's buffers into
 * its {@link ColumnBatch} and handed to its observer in one call. The joiner's row loop only writes; the values
 * are read where the writer already holds them densely, one loop per column with no branch per row.
 */
final class PageObservers implements PageListener {
    private final ColumnObserver[] observers;
    private final ColumnBatch[] batches;
    /** The row keys of the page's rows and their priorities, shared by the batches. */
    private final long[] rows = new long[ColumnBatch.CAPACITY];
    private final byte[] priorities = new byte[ColumnBatch.CAPACITY];
    private final int[] idOffsets = new int[ColumnBatch.CAPACITY];
    private final int[] idLengths = new int[ColumnBatch.CAPACITY];

    private PageObservers(FieldType[] types, ColumnObserver[] observers) {
        this.observers = observers;
        this.batches = new ColumnBatch[types.length];
        for (int f = 0; f < types.length; f++) {
            if (observers[f] != null) {
                batches[f] = new ColumnBatch(ColumnBatch.kindOf(types[f]), rows, priorities);
            }
        }
    }

    /** The listener for these observers (one per field, null where unobserved), or null when none observes. */
    static PageObservers of(FieldType[] types, ColumnObserver[] observers) {
        for (ColumnObserver o : observers) {
            if (o != null) {
                return new PageObservers(types, observers);
            }
        }
        return null;
    }

    @Override
    public void page(BufferedPage page) {
        int n = page.rows();
        if (n > ColumnBatch.CAPACITY) {
            throw new IllegalStateException("A page of " + n + " rows is larger than a column batch ("
                    + ColumnBatch.CAPACITY + "): the observed writer's pages must be at most that");
        }
        page.ids(idOffsets, idLengths);
        byte[] ids = page.idBytes();
        for (int i = 0; i < n; i++) {
            long row = RowKeys.hash(ids, idOffsets[i], idLengths[i]);
            rows[i] = row;
            priorities[i] = (byte) RowKeys.priority(row);
        }
        for (int f = 0; f < batches.length; f++) {
            ColumnBatch b = batches[f];
            if (b != null) {
                b.fill(page, f);
                observers[f].observe(b);
                b.clear();
            }
        }
    }
}
