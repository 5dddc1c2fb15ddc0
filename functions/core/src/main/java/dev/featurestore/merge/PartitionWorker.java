package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.parquet.ParquetFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Phase 1 for one worker, whoever drives it: the single-machine merge's threads or a distributed partition task.
 * Partitions the row groups it is given (opening each partial once, lazily) into its own spill file, and counts
 * the rows it read per partial.
 */
final class PartitionWorker implements AutoCloseable {
    private final PartialPlan[] plans;
    private final SpillWriter spill;
    private final Partitioner partitioner;
    private final ParquetFile[] open;
    private final long[] rowsPerPartial;

    PartitionWorker(PartialPlan[] plans, Path spillDir, int worker, int buckets, int workers) throws IOException {
        this.plans = plans;
        this.spill = new SpillWriter(spillDir, worker, buckets, workers);
        this.partitioner = new Partitioner(spill, buckets);
        this.open = new ParquetFile[plans.length];
        this.rowsPerPartial = new long[plans.length];
    }

    /** Partitions one row group of partial {@code partial}; returns its rows. */
    long partition(int partial, int rowGroup) throws IOException {
        PartialPlan plan = plans[partial];
        if (open[partial] == null) {
            open[partial] = ParquetFile.open(plan.partial().file(), plan.description());
        }
        long rows = partitionRowGroup(partitioner, plan, open[partial], rowGroup);
        rowsPerPartial[partial] += rows;
        return rows;
    }

    /**
     * Partitions one row group. A failure to decode its pages (a corrupt data page, a bad dictionary) is the
     * partial's fault: a DataException naming it (exit 3), not an internal error. Spill write failures are
     * IOExceptions and stay storage errors.
     */
    private static long partitionRowGroup(Partitioner partitioner, PartialPlan plan, ParquetFile file, int rowGroup) throws IOException {
        try {
            return partitioner.partition(plan, file, rowGroup);
        } catch (FeatureStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("Cannot read " + plan.description() + ": row group " + rowGroup + " is corrupt ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    /** Rows read so far, per partial (by partial index). */
    long[] rowsPerPartial() {
        return rowsPerPartial.clone();
    }

    /** Flushes the spill; returns where each bucket's bytes are. */
    SpillWriter.Spill finish() throws IOException {
        return spill.finish();
    }

    @Override
    public void close() throws IOException {
        try {
            spill.close();
        } finally {
            for (ParquetFile f : open) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }
}
