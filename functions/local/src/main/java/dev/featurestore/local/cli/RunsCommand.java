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
        description = "Lists the calculation runs of GROUP per org: running, succeeded or failed, and why a run failed.")
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
            out.printf("%-8s %-8s %-26s %-10s %-24s %s%n", "group", "org", "run", "status", "finished", "reason");
            for (String o : orgs) {
                for (RunRecord r : rt.versions().runs(target.group, o)) {
                    out.printf("%-8s %-8s %-26s %-10s %-24s %s%n", target.group, o, r.runId(), r.status(),
                            r.finishedAt().orElse("-"), r.reason().orElse(""));
                }
            }
            return 0;
        }
    }
}
