package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Points readers of GROUP for ORG at VERSION: roll back to an older version, or forward again.",
                "The switch is atomic (one pointer write) and recorded in the publish history used by get --as-of."})
final class PublishCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org whose version to publish.")
    String org;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version to publish (see: featurestore versions GROUP).")
    String version;

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            rt.config().load(group).forOrg(org);
            String previous = rt.versions().current(group, org).orElse("(none)");
            rt.versions().publish(group, org, version, "published by hand (was " + previous + ")");
            spec.commandLine().getOut().printf("%s/%s: published %s (was %s)%n", group, org, version, previous);
            return 0;
        }
    }
}
