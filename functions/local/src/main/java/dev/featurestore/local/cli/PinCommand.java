package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pin",
        description = "Pins (or with --remove unpins) a version of GROUP for ORG: retention never deletes a pinned version.")
final class PinCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    VersionTargetOptions target;

    // not mixinStandardHelpOptions: its --version (the program's version) clashes with --version VERSION
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--remove", description = "Unpin instead.")
    boolean remove;

    @Override
    public Integer call() {
        target.check(remove ? "unpin" : "pin");
        try (LocalRuntime rt = global.open()) {
            rt.config().load(target.group).forOrg(target.org);
            if (remove) {
                rt.versions().unpin(target.group, target.org, target.version);
                spec.commandLine().getOut().printf("%s/%s: unpinned %s%n", target.group, target.org, target.version);
            } else {
                rt.versions().pin(target.group, target.org, target.version);
                spec.commandLine().getOut().printf("%s/%s: pinned %s (retention keeps it)%n", target.group, target.org, target.version);
            }
            return 0;
        }
    }
}
