package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "publish",
        description = {"Points readers of GROUP for ORG at VERSION: roll back to an older version, or forward again.",
                "The switch is atomic (one pointer write) and recorded in the publish history used by get --as-of."})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Mixin
    VersionTargetOptions target;

    // not mixinStandardHelpOptions: its --version (the program's version) clashes with --version VERSION
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        target.check("publish");
        try (LocalRuntime rt = global.open()) {
            rt.config().load(target.group).forOrg(target.org);
            String previous = rt.versions().current(target.group, target.org).orElse("(none)");
            rt.versions().publish(target.group, target.org, target.version, "published by hand (was " + previous + ")");
            spec.commandLine().getOut().printf("%s/%s: published %s (was %s)%n", target.group, target.org, target.version, previous);
            return 0;
        }
    }
}
