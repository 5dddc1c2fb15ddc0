package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.distmerge.MergeChoice;
import dev.featurestore.distmerge.TaskSizing;
import dev.featurestore.error.DataException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.local.run.LocalCalculation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "calculate", mixinStandardHelpOptions = true,
        description = "Computes every feature of GROUP for one org (or every org): functions in parallel, merge, publish a new version.")
final class CalculateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", paramLabel = "ORG", description = "Only this org (default: every org of the group).")
    Optional<String> org = Optional.empty();

    @Option(names = "--threads", paramLabel = "N", description = "Functions run in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--merge", paramLabel = "auto|single|distributed",
            description = "Merge on this machine (single) or as separate worker processes per task (distributed); "
                    + "auto (default) distributes above one Merge Lambda's ceiling (rows x fields, docs/merge.md).")
    String merge = "auto";

    @Option(names = "--merge-task-rows", paramLabel = "ROWS", hidden = true,
            description = "Input rows per task of a distributed merge (default 10,000,000).")
    long mergeTaskRows = TaskSizing.LAMBDA.rowsPerPartitionTask();

    @Override
    public Integer call() {
        Identifier.GROUP.require("calculate", group);
        org.ifPresent(o -> Identifier.ORG.require("calculate", o));
        MergeChoice choice = new MergeChoice(MergeChoice.mode(merge), MergeChoice.LAMBDA_CEILING_CELLS);
        if (mergeTaskRows < 1) {
            throw new dev.featurestore.error.UsageException("Cannot calculate: --merge-task-rows must be at least 1, not " + mergeTaskRows);
        }
        TaskSizing sizing = new TaskSizing(mergeTaskRows, mergeTaskRows);
        try (LocalRuntime rt = global.open()) {
            requireSources(rt);
            calculate(rt, group, org, threads, spec.commandLine().getOut(), global.environment().terminal(), choice, sizing);
            return 0;
        }
    }

    static void requireSources(LocalRuntime rt) {
        if (!rt.sourcesPresent()) {
            throw new DataException("Cannot calculate: the sources are missing in " + rt.sourcesDir()
                    + " (run 'featurestore sources' to generate the sample sources, or 'featurestore demo')");
        }
    }

    static List<LocalCalculation.Result> calculate(LocalRuntime rt, String group, Optional<String> org, int threads, PrintWriter out,
                                                   boolean terminal) {
        return calculate(rt, group, org, threads, out, terminal, MergeChoice.DEFAULT, TaskSizing.LAMBDA);
    }

    static List<LocalCalculation.Result> calculate(LocalRuntime rt, String group, Optional<String> org, int threads, PrintWriter out,
                                                   boolean terminal, MergeChoice choice, TaskSizing sizing) {
        GroupConfig config = rt.config().load(group);
        List<String> orgs = config.orgsOrAll(org);
        List<LocalCalculation.Result> results = new java.util.ArrayList<>();
        for (String o : orgs) {
            LocalCalculation.Result r;
            try (ProgressDisplay progress = new ProgressDisplay(out, terminal)) {
                r = rt.calculation(threads).merge(choice, sizing).calculate(config, o, progress);
            }
            out.printf("%s/%s: published version %s (%,d rows, %d functions, %.1f s)%n", group, o, r.manifest().version(),
                    r.manifest().rowCount(), r.manifest().functions().size(), r.elapsed().toMillis() / 1000.0);
            results.add(r);
        }
        return results;
    }
}
