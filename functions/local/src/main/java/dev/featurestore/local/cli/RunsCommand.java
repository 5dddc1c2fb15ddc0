package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.version.RunRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"Lists the calculation runs of GROUP per org: running, succeeded or failed, when they started (UTC),",
                "how long they took, and for a failed run the function that failed and why."})
final class RunsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    GroupOrgsOptions target;

    @Override
    public Integer call() {
        target.check("list runs");
        try (LocalRuntime rt = global.open()) {
            GroupConfig config = rt.config().load(target.group);
            List<String> orgs = target.orgs(config);
            PrintWriter out = spec.commandLine().getOut();
            String now = rt.versions().clock().instant().toString();
            String format = "%-8s %-8s %-22s %-10s %-20s %-12s %-10s %s%n";
            out.printf(format, "group", "org", "run", "status", "started (UTC)", "took", "function", "reason");
            for (String o : orgs) {
                for (RunRecord r : rt.versions().runs(target.group, o)) {
                    String took = r.finishedAt().map(end -> HumanTime.between(r.startedAt(), end))
                            .orElse(HumanTime.between(r.startedAt(), now) + " so far");
                    out.printf(format, target.group, o, r.runId(), r.status(), HumanTime.at(r.startedAt()), took,
                            r.failedFunction().orElse("-"), r.reason().orElse(""));
                }
            }
            return 0;
        }
    }
}
