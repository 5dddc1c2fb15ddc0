package dev.featurestore.merge;

import java.util.ArrayList;
import java.util.List;

/** One row group of one partial (by partial index): the unit of phase 1. */
record RowGroupRef(int partial, int rowGroup) {

    /** Every row group holding rows, partial by partial, in file order (pyarrow writes one empty row group for 0 rows). */
    static List<RowGroupRef> nonEmpty(PartialPlan[] plans) {
        List<RowGroupRef> refs = new ArrayList<>();
        for (PartialPlan p : plans) {
            for (int g = 0; g < p.rowGroups(); g++) {
                if (p.rowGroupRows(g) > 0) {
                    refs.add(new RowGroupRef(p.index(), g));
                }
            }
        }
        return refs;
    }
}
