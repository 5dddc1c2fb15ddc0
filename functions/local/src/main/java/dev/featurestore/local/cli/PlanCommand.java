package dev.featurestore.local.cli;

import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.discovery.FieldReaders;
import dev.featurestore.discovery.UsageLog;
import dev.featurestore.error.UsageException;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.plan.ConfigPlan;
import dev.featurestore.plan.DeployedState;
import dev.featurestore.plan.EnvironmentLakes;
import dev.featurestore.plan.ObjectStoreState;
import dev.featurestore.plan.PlanChange;
import dev.featurestore.storage.ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Shows what applying the config would change compared with what was last calculated: "
                + "groups, orgs, fields, functions and schedules added, removed or changed, per org; a removed field or a "
                + "changed type that a published version has is flagged with what breaks and who read it lately. Changes nothing.",
                "Without -c: against the local lake. With -c env=NAME: against that environment's bucket (S3; needs the "
                + "AWS adapter on the classpath, which ./featurestore adds), for the orgs it deploys.",
                "Exit code: 0 no changes, " + PlanCommand.CHANGES + " changes planned, 2 config or usage error."})
final class PlanCommand implements Callable<Integer> {
    /** The exit code when the plan has changes (0: none); 1-3 are errors (see docs/architecture.md). */
    static final int CHANGES = 4;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE",
            description = "env=NAME: plan against environment NAME (config/environments/NAME.yaml): its bucket and its orgs. "
                    + "account=ID: the AWS account, when the environment's bucket names {account} and its file sets no account.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--local-lake",
            description = "With -c env=NAME: compare the environment's orgs with the local lake instead of its bucket.")
    boolean localLake;

    /** What the plan compares with: the deployed state, where it is (for the first line), and its usage log. */
    private record Target(DeployedState state, String where, UsageLog usage, String apply) {
    }

    @Override
    public Integer call() {
        try (LocalRuntime rt = global.open()) {
            Optional<EnvironmentConfig> env = environment(rt);
            Map<String, GroupConfig> groups = rt.config().loadAll();
            Optional<Set<String>> orgs = env.map(e -> new LinkedHashSet<>(e.orgs()));
            Target target = env.filter(e -> !localLake).map(e -> deployed(e, rt.versions().clock())).orElseGet(() -> new Target(
                    new ObjectStoreState(rt.versions()), "lake " + rt.lake(), rt.usage(), "featurestore calculate GROUP applies them"));
            List<PlanChange> changes = ConfigPlan.plan(groups, target.state(), orgs);
            print(changes, rt, env, target, spec.commandLine().getOut());
            return changes.isEmpty() ? 0 : CHANGES;
        }
    }

    private Optional<EnvironmentConfig> environment(LocalRuntime rt) {
        for (String key : context.keySet()) {
            if (!key.equals("env") && !key.equals("account")) {
                throw new UsageException("Cannot plan: unknown context '" + key + "' (known: -c env=NAME, -c account=ID)");
            }
        }
        if (context.containsKey("account") && !context.containsKey("env")) {
            throw new UsageException("Cannot plan: -c account=ID is for an environment's bucket (add -c env=NAME)");
        }
        String account = context.get("account");
        if (account != null && !account.matches("[0-9]{12}")) {
            throw new UsageException("Cannot plan: account '" + dev.featurestore.ids.Identifier.shown(account)
                    + "' is not an AWS account id (12 digits)");
        }
        if (localLake && !context.containsKey("env")) {
            throw new UsageException("Cannot plan: --local-lake is for an environment (add -c env=NAME; without it the plan reads the local lake)");
        }
        return Optional.ofNullable(context.get("env")).map(name -> EnvironmentConfigLoader.create(rt.configDir()).load(name));
    }

    /** The environment's bucket, reached through the {@link EnvironmentLakes} on the classpath (the AWS adapter). */
    private Target deployed(EnvironmentConfig env, Clock clock) {
        String account = Optional.ofNullable(context.get("account")).or(env::account).orElse("");
        if (account.isEmpty() && env.bucket().contains("{account}")) {
            throw new UsageException("Cannot plan against environment '" + env.name() + "': its bucket " + env.bucket()
                    + " names {account} and no account is given (pass -c account=ID or set account: in the environment file)");
        }
        EnvironmentLakes lakes = ServiceLoader.load(EnvironmentLakes.class).findFirst().orElseThrow(() -> new UsageException(
                "Cannot plan against environment '" + env.name() + "': the AWS adapter is not on the classpath (run ./featurestore plan, "
                        + "which adds the functions/aws jar, or pass --local-lake to compare with the local lake)"));
        ObjectStore store = lakes.open(env.region(), env.bucketName(account, env.region()), global.environment().env());
        return new Target(ObjectStoreState.of(store), "environment " + env.name() + " " + store.uri(""),
                UsageLog.create(store, clock), "deploying and the next run of each group apply them");
    }

    private static void print(List<PlanChange> changes, LocalRuntime rt, Optional<EnvironmentConfig> env, Target target, PrintWriter out) {
        out.printf("Plan: config %s against %s%s%n", rt.configDir(), target.where(),
                env.map(e -> " (environment " + e.name() + ": orgs " + String.join(", ", e.orgs()) + ")").orElse(""));
        if (changes.isEmpty()) {
            out.println("No changes: every group and org of the config matches its newest version.");
            return;
        }
        FieldReaders readers = new FieldReaders(target.usage(), FieldReaders.DEFAULT_DAYS);
        String scope = null;
        for (PlanChange c : changes) {
            String next = c.org().isEmpty() ? c.group() : c.group() + "/" + c.org();
            if (!next.equals(scope)) {
                out.println(next);
                scope = next;
            }
            out.println("  " + c);
            if (c.breaking() && c.what().equals("field")) {
                List<String> names = readers.of(c.group(), c.name());
                if (!names.isEmpty()) {
                    out.println("      read in the last " + readers.days() + " days by: " + String.join(", ", names));
                }
            }
        }
        long breaking = changes.stream().filter(PlanChange::breaking).count();
        out.printf("%d %s (%d breaking). Nothing was changed: %s.%n",
                changes.size(), changes.size() == 1 ? "change" : "changes", breaking, target.apply());
    }
}
