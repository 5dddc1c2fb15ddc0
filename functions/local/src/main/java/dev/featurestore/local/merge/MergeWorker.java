package dev.featurestore.local.merge;

import dev.featurestore.distmerge.JoinTaskRun;
import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.MergeTaskPlanner;
import dev.featurestore.distmerge.PartitionTaskRun;
import dev.featurestore.error.DataException;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.version.ManifestStats;
import java.nio.file.Path;

/**
 * One task of a distributed merge in its own JVM (started by {@link ProcessTaskRunner}): {@code LAKE GROUP ORG RUN
 * partition|join INDEX WORKDIR}. Reads the plan from the lake's staging and runs the task over the lake as an
 * object store, as a Lambda task does over S3. Exit 0 when done; on failure one line
 * {@code task failed: <exit code> <message>} on stderr and exit 3 (bad data), 2 (usage) or 1.
 */
public final class MergeWorker {
    static final String FAILED = "task failed: ";

    private MergeWorker() {
    }

    public static void main(String[] args) {
        int code;
        try {
            run(args);
            code = 0;
        } catch (FeatureStoreException e) {
            code = e instanceof DataException ? 3 : e instanceof UsageException ? 2 : 1;
            System.err.println(FAILED + code + " " + oneLine(e.getMessage()));
        } catch (RuntimeException | Error e) {
            code = 1;
            System.err.println(FAILED + code + " " + oneLine(String.valueOf(e)));
        }
        System.exit(code);
    }

    static void run(String[] args) {
        if (args.length != 7) {
            throw new UsageException("Cannot run a merge task: expected LAKE GROUP ORG RUN partition|join INDEX WORKDIR, got "
                    + args.length + " arguments");
        }
        LocalObjectStore store = LocalObjectStore.create(Path.of(args[0]).toAbsolutePath().normalize());
        String group = Identifier.GROUP.require("run a merge task", args[1]);
        String org = Identifier.ORG.require("run a merge task", args[2]);
        String run = Identifier.RUN.require("run a merge task", args[3]);
        int index;
        try {
            index = Integer.parseInt(args[5]);
        } catch (NumberFormatException e) {
            throw new UsageException("Cannot run a merge task: INDEX must be a number, not '" + args[5] + "'");
        }
        Path workDir = Path.of(args[6]);
        MergeTaskPlan plan = MergeTaskPlanner.read(store, group, org, run);
        switch (args[4]) {
            case "partition" -> new PartitionTaskRun(store, workDir).run(plan, index);
            case "join" -> new JoinTaskRun(store, workDir, ManifestStats.COLLECTED).run(plan, index);
            default -> throw new UsageException("Cannot run a merge task: the phase must be partition or join, not '" + args[4] + "'");
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ');
    }
}
