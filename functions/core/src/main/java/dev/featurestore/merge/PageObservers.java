package dev.featurestore.merge;

import dev.featurestore.parquet.BufferedPage;
import dev.featurestore.parquet.PageListener;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;

/**
 * How the observers see every value the merge writes: at each page of the output (at most
 * {@link ColumnBatch#CAPACITY} rows), each observed column's {@link ColumnBatch} wraps the values where the
 * writer keeps them by row ({@link BufferedPage}) and goes to its observer in one call. The joiner's row loop only
 * writes; nothing is copied but float and decimal values (converted to doubles) and string hashes (computed here
 * once for every observer).
 */
final class PageObservers implements PageListener {
    private final ColumnObserver[] observers;
    private final ColumnBatch[] batches;
    /** Per field, whether its values are converted (float, decimal) rather than wrapped where the writer keeps them. */
    private final boolean[] converted;
    /** The row keys of the page's rows and their priorities, shared by the batches. */
    private final long[] rows = new long[ColumnBatch.CAPACITY];
    private final byte[] priorities = new byte[ColumnBatch.CAPACITY];
    private final int[] order = new int[ColumnBatch.CAPACITY];
    private final int[] starts = new int[ColumnBatch.PRIORITY_COUNTS];

    private PageObservers(FieldType[] types, ColumnObserver[] observers) {
        this.observers = observers;
        this.batches = new ColumnBatch[types.length];
        this.converted = new boolean[types.length];
        for (int f = 0; f < types.length; f++) {
            if (observers[f] != null) {
                batches[f] = new ColumnBatch(ColumnBatch.kindOf(types[f]), rows, priorities, order);
                converted[f] = types[f].kind() == TypeKind.FLOAT || types[f].kind() == TypeKind.DECIMAL;
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
        byte[] ids = page.idBytes();
        int[] idOffsets = page.idOffsets();
        int[] idLengths = page.idLengths();
        for (int i = 0; i < n; i++) {
            long row = RowKeys.hash(ids, idOffsets[i], idLengths[i]);
            rows[i] = row;
            priorities[i] = (byte) RowKeys.priority(row);
        }
        ColumnBatch.orderByPriority(priorities, n, order, starts);
        for (int f = 0; f < batches.length; f++) {
            ColumnBatch b = batches[f];
            if (b == null) {
                continue;
            }
            boolean[] nullFlags = page.nullFlags(f);
            int[] nulls = page.nullRows(f);
            int nullCount = page.nullCount(f);
            if (b.kind() == ColumnBatch.Kind.STRING) {
                b.wrapStrings(page.bytes(f), page.offsets(f), page.lengths(f), nullFlags, nulls, nullCount, n);
            } else if (converted[f]) {
                page.readDoubleBits(f, b.ownValues());
                b.wrap(b.ownValues(), nullFlags, nulls, nullCount, n);
            } else {
                b.wrap(page.cells(f), nullFlags, nulls, nullCount, n);
            }
            observers[f].observe(b);
            b.clear();
        }
    }
}
