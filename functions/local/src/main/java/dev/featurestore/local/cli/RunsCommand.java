package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.version.RunRecord;
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

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists the calculation runs of GROUP per org: running, succeeded or failed, and why a run failed.")
final class RunsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", paramLabel = "ORG", description = "Only this org (default: every org of the group).")
    Optional<String> org = Optional.empty();

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            GroupConfig config = rt.config().load(group);
            List<String> orgs = config.orgsOrAll(org);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-8s %-8s %-26s %-10s %-24s %s%n", "group", "org", "run", "status", "finished", "reason");
            for (String o : orgs) {
                for (RunRecord r : rt.versions().runs(group, o)) {
                    out.printf("%-8s %-8s %-26s %-10s %-24s %s%n", group, o, r.runId(), r.status(),
                            r.finishedAt().orElse("-"), r.reason().orElse(""));
                }
            }
            return 0;
        }
    }
}
