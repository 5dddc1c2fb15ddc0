package dev.featurestore.infra;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.EnvironmentConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code cdk synth -c env=dev} builds the stack {@code featurestore-dev} from
 * {@code config/environments/dev.yaml} and {@code config/groups/*.yaml}; without {@code -c env} every
 * environment is synthesized. Context keys (all optional): {@code env}, {@code config} (the config directory,
 * default {@code ../config}), {@code lambdaJar} (default {@code ../functions/aws/target/featurestore-lambda.jar}).
 * The jar carries the group configs (functions/aws packages them), so a config change deploys with the code.
 */
public final class FeatureStoreApp {

    public static final String DEFAULT_JAR = "../functions/aws/target/featurestore-lambda.jar";

    /** What to build from: the config directory and the shaded Lambda jar. */
    public record Inputs(Path configDir, Path lambdaJar) {}

    private FeatureStoreApp() {}

    public static void main(String[] args) {
        App app = new App();
        Inputs inputs = new Inputs(
                Path.of(context(app, "config", "../config")),
                Path.of(context(app, "lambdaJar", DEFAULT_JAR)));
        String only = context(app, "env", "");
        build(app, inputs, only.isEmpty() ? List.of() : List.of(only));
        app.synth();
    }

    /**
     * Adds one stack per environment to {@code app}.
     *
     * @param environments the environments to build; empty: all of them
     * @throws ConfigException when a group or environment config is invalid, or an environment deploys an
     *                         org that no group has
     */
    public static List<FeatureStoreStack> build(App app, Inputs inputs, List<String> environments) {
        EnvironmentConfigLoader envLoader = EnvironmentConfigLoader.create(inputs.configDir());
        Map<String, GroupConfig> groups = ConfigLoader.create(inputs.configDir(), FeatureStoreApp::declaredOnly).loadAll();
        List<String> names = environments.isEmpty() ? envLoader.names() : environments;
        if (names.isEmpty()) {
            throw new ConfigException("Cannot synthesize: no environments in " + inputs.configDir().resolve("environments")
                    + " (add dev.yaml: see docs/infra.md)");
        }
        Path jar = requireJar(inputs.lambdaJar());
        List<FeatureStoreStack> stacks = new ArrayList<>();
        for (String name : names) {
            EnvironmentConfig env = envLoader.load(name);
            checkOrgs(env, groups);
            StackProps.Builder props = StackProps.builder()
                    .description("featurestore " + env.name() + ": data lake, catalog, materialization workflow, feature API")
                    .terminationProtection(env.name().equals("prod"));
            String account = env.account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT"));
            props.env(Environment.builder().account(account).region(env.region()).build());
            stacks.add(new FeatureStoreStack(app, "featurestore-" + env.name(), props.build(),
                    new FeatureStoreStack.Props(env, groups, Code.fromAsset(jar.toString()))));
        }
        return stacks;
    }

    /**
     * Validation at synth time trusts the {@code fields:} a function declares and does not load feature
     * classes (they live in the Lambda jar, not on the app's class path); the functions validate them again
     * with the real classes before running.
     */
    private static java.util.Optional<List<dev.featurestore.config.OutputColumn>> declaredOnly(dev.featurestore.config.FunctionSpec function) {
        return dev.featurestore.config.FunctionOutputs.LISTED.outputs(function);
    }

    /** @throws IllegalStateException when the jar has not been built: a placeholder asset would deploy nothing */
    static Path requireJar(Path jar) {
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException("Cannot synthesize: the Lambda jar " + jar.toAbsolutePath().normalize()
                    + " does not exist (build it first: mvn -B -ntp -pl infra -am package -DskipTests, which scripts/cdk runs)");
        }
        return jar.toAbsolutePath().normalize();
    }

    static void checkOrgs(EnvironmentConfig env, Map<String, GroupConfig> groups) {
        Set<String> known = new TreeSet<>();
        groups.values().forEach(g -> known.addAll(g.orgNames()));
        List<String> unknown = env.orgs().stream().filter(o -> !known.contains(o)).toList();
        if (!unknown.isEmpty()) {
            throw new ConfigException("Invalid config (1 problem):\n  " + env.source() + ": orgs: " + unknown
                    + " are in no group (known orgs: " + known + "; add them under a group's orgs: or remove them here)");
        }
    }

    private static String context(App app, String key, String dflt) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? dflt : value.toString();
    }
}
