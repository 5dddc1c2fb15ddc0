package dev.featurestore.local.cli;

import dev.featurestore.error.ConfigException;
import dev.featurestore.local.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command takes: where the lake and the config are, and how much to say. Defaults: the lake
 * is {@code ./.featurestore/} ({@code FEATURESTORE_LAKE}), the config {@code ./config} or the repository's
 * ({@code FEATURESTORE_CONFIG}, else {@code $FEATURESTORE_ROOT/config}, which the launcher sets).
 */
final class GlobalOptions {
    private final Environment environment;

    @Option(names = "--lake", paramLabel = "DIR", description = "The lake directory (default: $FEATURESTORE_LAKE or ./.featurestore/).")
    Path lake;

    @Option(names = "--config", paramLabel = "DIR", description = "The config directory with groups/ (default: $FEATURESTORE_CONFIG, ./config or $FEATURESTORE_ROOT/config).")
    Path config;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Main main;

    GlobalOptions(Environment environment, Main main) {
        this.environment = environment;
        this.main = main;
    }

    Environment environment() {
        return environment;
    }

    Path lakeDir() {
        if (lake != null) {
            return lake;
        }
        if (main.lake != null) {
            return main.lake;
        }
        String env = environment.env().get("FEATURESTORE_LAKE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(".featurestore");
    }

    Path configDir() {
        Path option = config != null ? config : main.config;
        if (option != null) {
            return requireDir(option, "--config");
        }
        String env = environment.env().get("FEATURESTORE_CONFIG");
        if (env != null && !env.isBlank()) {
            return requireDir(Path.of(env), "FEATURESTORE_CONFIG");
        }
        if (Files.isDirectory(Path.of("config", "groups"))) {
            return Path.of("config");
        }
        String root = environment.env().get("FEATURESTORE_ROOT");
        if (root != null && Files.isDirectory(Path.of(root, "config"))) {
            return Path.of(root, "config");
        }
        throw new ConfigException("Cannot find the config directory: no ./config/groups here"
                + " (run from the repository, or pass --config DIR / set FEATURESTORE_CONFIG)");
    }

    private static Path requireDir(Path p, String source) {
        if (!Files.isDirectory(p)) {
            throw new ConfigException("Cannot use config directory " + p + " from " + source + ": it does not exist (fix the path)");
        }
        return p;
    }

    LocalRuntime open() {
        return LocalRuntime.open(lakeDir(), configDir());
    }
}
