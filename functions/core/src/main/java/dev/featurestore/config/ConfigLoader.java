package dev.featurestore.config;

import dev.featurestore.error.ConfigException;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.types.FieldType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads and validates group configs ({@code <configDir>/groups/*.yaml}). Validation is total and happens
 * before anything runs: every problem found is reported at once, each naming the file, the key and the fix.
 * A file is read into its model ({@link GroupFile}: keys, types, required keys, defaults), then its values are
 * checked and the {@link GroupConfig} built ({@link GroupRules}), then its functions and fields are checked
 * against each other ({@link GroupCrossCheck}).
 */
public final class ConfigLoader {

    static final Pattern NAME = GroupRules.NAME;
    static final Pattern ORG = GroupRules.ORG;

    private final Path configDir;
    private final FunctionOutputs outputs;

    private ConfigLoader(Path configDir, FunctionOutputs outputs) {
        this.configDir = configDir;
        this.outputs = outputs;
    }

    public static ConfigLoader create(Path configDir) {
        return new ConfigLoader(configDir, FunctionOutputs.DECLARED);
    }

    public static ConfigLoader create(Path configDir, FunctionOutputs outputs) {
        return new ConfigLoader(configDir, outputs);
    }

    public Path configDir() {
        return configDir;
    }

    /** Loads every group, by name; throws one {@link ConfigException} listing every problem of every file. */
    public Map<String, GroupConfig> loadAll() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, GroupConfig> groups = loadAll(problems);
        throwIfAny(problems);
        return groups;
    }

    /** Loads every group it can and adds every problem to {@code problems} (for {@code validate}). */
    public Map<String, GroupConfig> loadAll(List<ConfigProblem> problems) {
        Path dir = configDir.resolve("groups");
        Map<String, GroupConfig> groups = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new ConfigProblem(dir.toString(), "", "no groups directory (create it and add <group>.yaml files)"));
            return groups;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : files) {
            Optional<GroupConfig> group = parse(file, problems);
            group.ifPresent(g -> {
                Path other = seen.put(g.name(), file);
                if (other != null) {
                    problems.add(new ConfigProblem(display(file), "group", "group '" + g.name() + "' is also defined in "
                            + display(other) + " (give each group one file)"));
                } else {
                    groups.put(g.name(), g);
                }
            });
        }
        return groups;
    }

    /**
     * Loads one group by name from {@code groups/<name>.yaml}. The name is checked against the group name rule
     * ({@link Identifier#GROUP}) before it becomes a path, and the path must stay under {@code groups/}.
     */
    public GroupConfig load(String group) {
        Path file = groupFile(group);
        if (!Files.exists(file)) {
            Map<String, GroupConfig> all = loadAll();
            GroupConfig g = all.get(group);
            if (g == null) {
                throw new dev.featurestore.error.NotFoundException("Cannot find group '" + group + "' (known groups: "
                        + String.join(", ", all.keySet()) + "; add " + display(file) + ")");
            }
            return g;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<GroupConfig> g = parse(file, problems);
        throwIfAny(problems);
        return g.orElseThrow();
    }

    /** {@code groups/<group>.yaml} for a valid group name, never a path outside {@code groups/}. */
    Path groupFile(String group) {
        Identifier.GROUP.require("load the config", group);
        Path groups = configDir.resolve("groups").toAbsolutePath().normalize();
        Path file = groups.resolve(group + ".yaml").normalize();
        if (!file.getParent().equals(groups)) {
            throw new UsageException("Cannot load the config: group '" + Identifier.shown(group)
                    + "' does not name a file in the groups directory (" + Identifier.GROUP.rule() + ")");
        }
        return configDir.resolve("groups").resolve(group + ".yaml");
    }

    /** Parses and validates one file; adds problems instead of throwing. */
    public Optional<GroupConfig> parse(Path file, List<ConfigProblem> problems) {
        String f = display(file);
        int before = problems.size();
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Optional<GroupFile> read = YamlFiles.read(file, f, GroupFile.class,
                "expected a mapping with group:, fields: and functions: (see docs/config.md)",
                Map.of("file", expected, "types", FieldType.knownNames()), problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Optional<GroupConfig> group = new GroupRules(configDir, f, problems).toConfig(read.get(), file);
        YamlFiles.inKeyOrder(problems, before, GroupFile.class);
        if (group.isEmpty() || problems.size() > before) {
            return Optional.empty();
        }
        new GroupCrossCheck(outputs).check(f, group.get(), problems);
        return problems.size() > before ? Optional.empty() : group;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private String display(Path file) {
        return YamlFiles.display(configDir, file);
    }

    static void throwIfAny(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("Invalid config (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):");
            for (ConfigProblem p : problems) {
                sb.append("\n  ").append(p);
            }
            throw new ConfigException(sb.toString());
        }
    }
}
