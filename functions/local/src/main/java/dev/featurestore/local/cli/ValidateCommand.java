package dev.featurestore.local.cli;

import dev.featurestore.config.ConfigProblem;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import dev.featurestore.local.LocalRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks every group config (keys, types, functions, which function produces which field) and lists every problem.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            List<ConfigProblem> problems = new ArrayList<>();
            Map<String, GroupConfig> groups = rt.config().loadAll(problems);
            if (!problems.isEmpty()) {
                StringBuilder b = new StringBuilder("Cannot validate the config in " + rt.configDir() + ": " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems") + " (fix each):");
                for (ConfigProblem p : problems) {
                    b.append(System.lineSeparator()).append("  ").append(p);
                }
                throw new ConfigException(b.toString());
            }
            for (GroupConfig g : groups.values()) {
                spec.commandLine().getOut().printf("ok  %s: %d fields, %d functions, orgs %s%n", g.name(), g.fields().size(),
                        g.functions().size(), String.join(", ", g.orgNames()));
            }
            return 0;
        }
    }
}
