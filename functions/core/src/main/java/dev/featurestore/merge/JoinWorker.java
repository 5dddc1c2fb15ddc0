package dev.featurestore.merge;

import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 2 for one worker, whoever drives it: the single-machine merge's threads or a distributed join task.
 * Joins the buckets it is given, from every phase-1 spill, into its own Parquet file: one row group per
 * non-empty bucket, so a lookup reads only its id's bucket. The observers see every value it writes.
 */
final class JoinWorker implements AutoCloseable {
    /**
     * Rows per data page of the output: small pages, with each page's id-hash range in the footer, let a lookup
     * read and decode a few KiB per id and column instead of a whole bucket (docs/lookup.md).
     */
    static final int PAGE_ROWS = 256;

    private final BucketJoiner joiner;
    private final SpillWriter.Spill[] spills;
    private final FileChannel[] channels;
    private final Path file;
    private final ParquetRowWriter writer;
    private final List<Integer> rowGroupBuckets = new ArrayList<>();
    private long rows;
    private boolean done;

    JoinWorker(PartialPlan[] plans, Schema schema, ColumnObserver.Factory observers, int worker, SpillWriter.Spill[] spills,
               Path file) throws IOException {
        List<Field> fields = schema.fields();
        FieldType[] types = fields.stream().map(Field::type).toArray(FieldType[]::new);
        ColumnObserver[] columnObservers = new ColumnObserver[fields.size()];
        for (int f = 0; f < columnObservers.length; f++) {
            columnObservers[f] = observers.create(worker, fields.get(f));
        }
        this.joiner = new BucketJoiner(plans, types);
        this.spills = spills;
        this.channels = new FileChannel[spills.length];
        this.file = file;
        try {
            for (int s = 0; s < spills.length; s++) {
                channels[s] = FileChannel.open(spills[s].file(), StandardOpenOption.READ);
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e;
        }
        this.writer = ParquetRowWriter.create(file, schema, java.util.Map.of(), ParquetRowWriter.ROW_GROUP_ROWS, PAGE_ROWS,
                PageObservers.of(types, columnObservers));
    }

    /** Joins one bucket into the file; returns the rows written. */
    long join(int bucket) throws IOException {
        long joined = joiner.join(spills, channels, bucket, writer);
        rows += joined;
        if (joined > 0) { // one bucket per row group: a lookup reads only its id's bucket
            writer.endRowGroup();
            while (rowGroupBuckets.size() < writer.rowGroups()) {
                rowGroupBuckets.add(bucket);
            }
        }
        return joined;
    }

    /** Closes the file; returns what it holds. */
    JoinedPart finish() throws IOException {
        writer.close();
        done = true;
        return new JoinedPart(file, rows, rowGroupBuckets);
    }

    @Override
    public void close() throws IOException {
        try {
            closeChannels();
        } finally {
            if (!done) {
                writer.abort();
            }
        }
    }

    private void closeChannels() throws IOException {
        for (FileChannel ch : channels) {
            if (ch != null) {
                ch.close();
            }
        }
    }
}
