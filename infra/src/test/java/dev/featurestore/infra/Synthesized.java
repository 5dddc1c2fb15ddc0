package dev.featurestore.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes the app once per test JVM (jsii start-up and synthesis cost seconds) from the shipped
 * environments and groups. The Lambda jar must have been built: run the tests through the reactor
 * ({@code mvn -pl infra -am verify}) so functions/aws is packaged first.
 */
final class Synthesized {

    static final Path ROOT = Path.of(System.getProperty("featurestore.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("functions/aws/target/featurestore-lambda.jar");
    static final Path OUT = ROOT.resolve("infra/target/cdk-test");
    static final List<String> ENVIRONMENTS = List.of("dev", "prod");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();
    private static volatile Path assembly;
    static volatile long synthMillis;

    private Synthesized() {}

    static Template template(String env) {
        assembly();
        return TEMPLATES.computeIfAbsent(env, e -> Template.fromJSON(json(e)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String env) {
        try {
            return JSON.readValue(templateFile(env).toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String env) {
        try {
            return JSON.readTree(templateFile(env).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path templateFile(String env) {
        return assembly().resolve("featurestore-" + env + ".template.json");
    }

    static synchronized Path assembly() {
        if (assembly == null) {
            long start = System.nanoTime();
            Path out = OUT.resolve("cdk.out");
            // the context of cdk.json (feature flags, should any be set there) so the tests see what the CLI synthesizes
            App app = new App(AppProps.builder().outdir(out.toString()).context(cdkJsonContext()).build());
            FeatureStoreApp.build(app, new FeatureStoreApp.Inputs(configDir(), JAR), ENVIRONMENTS);
            app.synth();
            synthMillis = (System.nanoTime() - start) / 1_000_000;
            System.err.println("infra tests: synthesized " + ENVIRONMENTS + " in " + synthMillis + " ms");
            assembly = out;
        }
        return assembly;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(ROOT.resolve("infra/cdk.json").toFile(), Map.class);
            return (Map<String, Object>) cdkJson.getOrDefault("context", Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped config: the stacks under test are the ones {@code scripts/cdk deploy} would deploy. */
    static Path configDir() {
        return ROOT.resolve("config");
    }
}
