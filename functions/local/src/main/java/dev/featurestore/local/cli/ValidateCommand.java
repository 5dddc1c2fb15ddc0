package dev.featurestore.local.cli;

import dev.featurestore.config.ConfigProblem;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.discovery.FieldReaders;
import dev.featurestore.plan.ConfigPlan;
import dev.featurestore.plan.ObjectStoreState;
import dev.featurestore.plan.PlanChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks every group config (keys, types, functions, which function produces which field) and lists every problem.",
                "Warns (on stderr, exit code still 0) when the config removes or retypes a field that consumers read in the last "
                        + FieldReaders.DEFAULT_DAYS + " days (the lake's usage log), naming them."})
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
            readersWarnings(groups, rt).forEach(w -> spec.commandLine().getErr().println("featurestore: warning: " + w));
            return 0;
        }
    }

    /**
     * One warning per field the config removes or retypes (against the newest version, as {@code plan} sees it)
     * that someone read lately, with the orgs it concerns and the readers.
     */
    private static List<String> readersWarnings(Map<String, GroupConfig> groups, LocalRuntime rt) {
        FieldReaders readers = new FieldReaders(rt.usage(), FieldReaders.DEFAULT_DAYS);
        Map<String, List<String>> orgsByChange = new LinkedHashMap<>();
        Map<String, PlanChange> changes = new LinkedHashMap<>();
        for (PlanChange c : ConfigPlan.plan(groups, new ObjectStoreState(rt.versions()), Optional.empty())) {
            if (c.what().equals("field") && !c.action().equals("add")) {
                String key = c.group() + "/" + c.name() + " " + c.action() + " " + c.detail(); // names have no "/" or spaces
                changes.putIfAbsent(key, c);
                orgsByChange.computeIfAbsent(key, k -> new ArrayList<>()).add(c.org());
            }
        }
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, PlanChange> e : changes.entrySet()) {
            PlanChange c = e.getValue();
            List<String> names = readers.of(c.group(), c.name());
            if (names.isEmpty()) {
                continue;
            }
            List<String> orgs = orgsByChange.get(e.getKey());
            String what = c.action().equals("remove")
                    ? "removes field " + c.name() + " (" + c.detail() + ")"
                    : "changes the type of field " + c.name() + " (" + c.detail() + ")";
            warnings.add(c.group() + " (" + (orgs.size() == 1 ? "org " : "orgs ") + String.join(", ", orgs) + "): the config " + what
                    + ", which " + String.join(", ", names) + " read in the last " + readers.days()
                    + " days; tell them before it is calculated (featurestore plan shows every change)");
        }
        return warnings;
    }
}
