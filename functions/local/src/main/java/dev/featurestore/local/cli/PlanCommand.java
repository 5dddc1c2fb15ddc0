package dev.featurestore.local.cli;

import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.plan.ConfigPlan;
import dev.featurestore.plan.LakeState;
import dev.featurestore.plan.PlanChange;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what applying the config would change compared with what the lake last calculated: "
                + "groups, orgs, fields and functions added, removed or changed, per org; a removed field or a changed "
                + "type that a published version has is flagged with what breaks. Changes nothing.",
                "Exit code: 0 no changes, " + PlanCommand.CHANGES + " changes planned, 2 config or usage error."})
final class PlanCommand implements Callable<Integer> {
    /** The exit code when the plan has changes (0: none); 1-3 are errors (see docs/architecture.md). */
    static final int CHANGES = 4;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--context"}, paramLabel = "env=NAME",
            description = "Plan for one environment: only the orgs config/environments/NAME.yaml deploys.")
    Map<String, String> context = new LinkedHashMap<>();

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            Optional<EnvironmentConfig> env = environment(rt);
            Map<String, GroupConfig> groups = rt.config().loadAll();
            Optional<Set<String>> orgs = env.map(e -> new LinkedHashSet<>(e.orgs()));
            List<PlanChange> changes = ConfigPlan.plan(groups, new LakeState(rt.versions()), orgs);
            print(changes, rt, env, spec.commandLine().getOut());
            return changes.isEmpty() ? 0 : CHANGES;
        }
    }

    private Optional<EnvironmentConfig> environment(LocalRuntime rt) {
        for (String key : context.keySet()) {
            if (!key.equals("env")) {
                throw new UsageException("Cannot plan: unknown context '" + key + "' (the only one is -c env=NAME)");
            }
        }
        return Optional.ofNullable(context.get("env")).map(name -> EnvironmentConfigLoader.create(rt.configDir()).load(name));
    }

    /** How far back {@code plan} looks for the readers of a field a change breaks. */
    static final int READERS_DAYS = 30;

    /** The consumers (or callers) that read {@code field} of {@code group} lately (docs/catalog.md). */
    private static List<String> readers(LocalRuntime rt, String group, String field) {
        List<dev.featurestore.discovery.UsageRecord> usage = rt.usage().read(group, READERS_DAYS);
        return dev.featurestore.discovery.UsageReport.of(group, READERS_DAYS, List.of(field), usage).readersOf(field);
    }

    private static void print(List<PlanChange> changes, LocalRuntime rt, Optional<EnvironmentConfig> env, PrintWriter out) {
        out.printf("Plan: config %s against lake %s%s%n", rt.configDir(), rt.lake(),
                env.map(e -> " (environment " + e.name() + ": orgs " + String.join(", ", e.orgs()) + ")").orElse(""));
        if (changes.isEmpty()) {
            out.println("No changes: every group and org of the config matches its newest version.");
            return;
        }
        String scope = null;
        for (PlanChange c : changes) {
            String next = c.org().isEmpty() ? c.group() : c.group() + "/" + c.org();
            if (!next.equals(scope)) {
                out.println(next);
                scope = next;
            }
            out.println("  " + c);
            if (c.breaking() && c.what().equals("field")) {
                List<String> readers = readers(rt, c.group(), c.name());
                if (!readers.isEmpty()) {
                    out.println("      read in the last " + READERS_DAYS + " days by: " + String.join(", ", readers));
                }
            }
        }
        long breaking = changes.stream().filter(PlanChange::breaking).count();
        out.printf("%d %s (%d breaking). Nothing was changed: featurestore calculate GROUP applies them.%n",
                changes.size(), changes.size() == 1 ? "change" : "changes", breaking);
    }
}
