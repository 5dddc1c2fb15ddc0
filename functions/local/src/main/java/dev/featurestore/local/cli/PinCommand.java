package dev.featurestore.local.cli;

import dev.featurestore.local.LocalRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pin", mixinStandardHelpOptions = true,
        description = "Pins (or with --remove unpins) a version of GROUP for ORG: retention never deletes a pinned version.")
final class PinCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org.")
    String org;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version to pin.")
    String version;

    @Option(names = "--remove", description = "Unpin instead.")
    boolean remove;

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            rt.config().load(group).forOrg(org);
            if (remove) {
                rt.versions().unpin(group, org, version);
                spec.commandLine().getOut().printf("%s/%s: unpinned %s%n", group, org, version);
            } else {
                rt.versions().pin(group, org, version);
                spec.commandLine().getOut().printf("%s/%s: pinned %s (retention keeps it)%n", group, org, version);
            }
            return 0;
        }
    }
}
