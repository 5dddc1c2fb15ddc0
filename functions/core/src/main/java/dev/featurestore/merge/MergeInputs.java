package dev.featurestore.merge;

import dev.featurestore.error.UsageException;
import dev.featurestore.parquet.ParquetFile;
import dev.featurestore.types.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A merge's partials, validated against the declared schema before any row is read (their id column; every
 * other column declared, produced by one partial only and castable to its declared type), with their row
 * groups. The single-machine merge and every task of a distributed merge validate the same way.
 */
public final class MergeInputs {

    /** At most this many partials (a spill record names its partial in one byte). */
    static final int MAX_PARTIALS = 127;
    /**
     * Rows (summed over partials) per spill bucket: about 1-2 MB of spill, so a bucket's hash join runs mostly
     * in the CPU caches; memory of phase 2 is a few buckets, whatever the total.
     */
    static final long ROWS_PER_BUCKET = 40_000;
    static final int MAX_BUCKETS = 8192;

    private final Schema schema;
    private final PartialPlan[] plans;

    private MergeInputs(Schema schema, PartialPlan[] plans) {
        this.schema = schema;
        this.plans = plans;
    }

    /** Opens every partial's footer and validates it; throws a DataException naming the first bad partial. */
    public static MergeInputs validate(Schema schema, List<Partial> partials) {
        PartialPlan[] plans = new PartialPlan[partials.size()];
        if (plans.length > MAX_PARTIALS) {
            throw new UsageException("Cannot merge " + plans.length + " partials (at most " + MAX_PARTIALS + ")");
        }
        Map<String, String> producers = new HashMap<>();
        for (int i = 0; i < plans.length; i++) {
            Partial p = partials.get(i);
            try (ParquetFile f = ParquetFile.open(p.file(), PartialPlan.describe(p))) {
                plans[i] = PartialPlan.of(i, p, f, schema, producers);
            }
        }
        return new MergeInputs(schema, plans);
    }

    /** The bucket count for {@code rows} input rows (summed over partials): the same for every way of merging. */
    public static int bucketsFor(long rows) {
        return (int) Math.min(MAX_BUCKETS, Math.max(1, (rows + ROWS_PER_BUCKET - 1) / ROWS_PER_BUCKET));
    }

    public Schema schema() {
        return schema;
    }

    /** Rows of all partials together. */
    public long rows() {
        long rows = 0;
        for (PartialPlan p : plans) {
            rows += p.rows();
        }
        return rows;
    }

    public int partials() {
        return plans.length;
    }

    public Partial partial(int index) {
        return plans[index].partial();
    }

    public int rowGroups(int partial) {
        return plans[partial].rowGroups();
    }

    public long rowGroupRows(int partial, int rowGroup) {
        return plans[partial].rowGroupRows(rowGroup);
    }

    PartialPlan[] plans() {
        return plans;
    }
}
