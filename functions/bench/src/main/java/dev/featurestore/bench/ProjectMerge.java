package dev.featurestore.bench;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import java.nio.file.Path;

/** One run of the project's merge over the workload: {@code ProjectMerge DATA_DIR OUT_DIR SPILL_DIR}. */
public final class ProjectMerge {

    private ProjectMerge() {
    }

    public static void main(String[] args) {
        Path data = Path.of(args[0]);
        MergeResult r = Merger.merge(new MergeRequest(Workload.OUTPUT, Workload.partials(data), Path.of(args[1]), Path.of(args[2]),
                Runtime.getRuntime().availableProcessors(), ColumnObserver.Factory.NONE));
        System.out.println("project: " + r.rows() + " rows, " + r.files().size() + " files, " + r.elapsed().toMillis() + " ms");
    }
}
