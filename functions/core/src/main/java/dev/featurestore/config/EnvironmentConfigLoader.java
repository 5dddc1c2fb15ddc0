package dev.featurestore.config;

import dev.featurestore.error.ConfigException;
import dev.featurestore.error.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads and validates environment configs ({@code <configDir>/environments/*.yaml}), with the same total
 * validation as {@link ConfigLoader}: every problem of every file at once, each as "file: key: message (fix)".
 * A file is read into its model ({@link EnvironmentFile}), then its values are checked and the config built
 * ({@link EnvironmentRules}).
 */
public final class EnvironmentConfigLoader {

    static final EnvironmentConfig.Functions DEFAULT_FUNCTIONS = new EnvironmentFile.Functions(null, null, null, null).toConfig();
    static final EnvironmentConfig.Workflow DEFAULT_WORKFLOW = workflow(new EnvironmentFile.Workflow(null, null));
    static final EnvironmentConfig.Api DEFAULT_API = new EnvironmentConfig.Api(new EnvironmentFile.Api(null, null).throttleRate(),
            new EnvironmentFile.Api(null, null).throttleBurst());
    static final EnvironmentConfig.Retention DEFAULT_RETENTION = new EnvironmentConfig.Retention(
            new EnvironmentFile.Retention(null, null).stagingDays(), new EnvironmentFile.Retention(null, null).queryResultsDays());

    private final Path configDir;

    private EnvironmentConfigLoader(Path configDir) {
        this.configDir = configDir;
    }

    public static EnvironmentConfigLoader create(Path configDir) {
        return new EnvironmentConfigLoader(configDir);
    }

    /** The environment names, from the file names under {@code environments/}, sorted. */
    public List<String> names() {
        Path dir = configDir.resolve("environments");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads one environment; throws one {@link ConfigException} listing every problem of its file. */
    public EnvironmentConfig load(String environment) {
        Path file = configDir.resolve("environments").resolve(environment + ".yaml");
        if (!Files.exists(file)) {
            throw new NotFoundException("Cannot find environment '" + environment + "' (known environments: "
                    + (names().isEmpty() ? "none" : String.join(", ", names())) + "; add " + display(file) + ")");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<EnvironmentConfig> env = parse(file, problems);
        ConfigLoader.throwIfAny(problems);
        return env.orElseThrow();
    }

    /** Loads every environment, by name; throws one {@link ConfigException} listing every problem of every file. */
    public Map<String, EnvironmentConfig> loadAll() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, EnvironmentConfig> all = new TreeMap<>();
        for (String name : names()) {
            parse(configDir.resolve("environments").resolve(name + ".yaml"), problems).ifPresent(e -> all.put(name, e));
        }
        ConfigLoader.throwIfAny(problems);
        return all;
    }

    /** Parses and validates one file; adds problems instead of throwing. */
    public Optional<EnvironmentConfig> parse(Path file, List<ConfigProblem> problems) {
        String f = display(file);
        int before = problems.size();
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Optional<EnvironmentFile> read = YamlFiles.read(file, f, EnvironmentFile.class,
                "expected a mapping with environment:, region:, bucket:, glue_database:, athena: and orgs: (see docs/infra.md)",
                Map.of("file", expected, "file_", expected.replace('-', '_')), problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Optional<EnvironmentConfig> env = new EnvironmentRules(f, problems).toConfig(read.get(), file);
        YamlFiles.inKeyOrder(problems, before, EnvironmentFile.class);
        return problems.size() > before ? Optional.empty() : env;
    }

    static EnvironmentConfig.Workflow workflow(EnvironmentFile.Workflow w) {
        return new EnvironmentConfig.Workflow(w.mapConcurrency(), Duration.ofMinutes(w.timeoutMinutes()));
    }

    private String display(Path file) {
        return YamlFiles.display(configDir, file);
    }
}
