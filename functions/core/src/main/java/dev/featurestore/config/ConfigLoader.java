package dev.featurestore.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.featurestore.error.ConfigException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads and validates group configs ({@code <configDir>/groups/*.yaml}). Validation is total and happens
 * before anything runs: every problem found is reported at once, each naming the file, the key and the fix.
 */
public final class ConfigLoader {

    static final Set<String> GROUP_KEYS = Set.of("group", "description", "fields", "functions", "schedule", "params",
            "orgs", "drift", "retention");
    static final Set<String> FUNCTION_KEYS = Set.of("sql", "class", "name", "fields");
    static final Set<String> ORG_KEYS = Set.of("params", "functions", "fields");
    static final Set<String> DRIFT_KEYS = Set.of("psi", "null_rate");
    static final Set<String> RETENTION_KEYS = Set.of("keep_versions");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern ORG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");
    static final int DEFAULT_RETAIN_VERSIONS = 10;

    private static final YAMLMapper YAML = new YAMLMapper();

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

    /** Loads one group by name from {@code groups/<name>.yaml}. */
    public GroupConfig load(String group) {
        Path file = configDir.resolve("groups").resolve(group + ".yaml");
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

    /** Parses and validates one file; adds problems instead of throwing. */
    public Optional<GroupConfig> parse(Path file, List<ConfigProblem> problems) {
        String f = display(file);
        Optional<JsonNode> read = YamlFiles.readMapping(file, f, "expected a mapping with group:, fields: and functions: (see docs/config.md)", problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = read.get();
        int before = problems.size();
        YamlFiles.unknownKeys(f, "", root, GROUP_KEYS, problems);

        String name = text(f, "group", root.get("group"), problems).orElse(null);
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (name == null) {
            if (!root.has("group")) {
                problems.add(new ConfigProblem(f, "group", "missing (add group: " + expected + ")"));
            }
        } else if (!NAME.matcher(name).matches()) {
            problems.add(new ConfigProblem(f, "group", "'" + name + "' is not a valid name (lowercase letters, digits and _, starting with a letter)"));
        } else if (!name.equals(expected)) {
            problems.add(new ConfigProblem(f, "group", "'" + name + "' does not match the file name (rename the file to " + name + ".yaml or set group: " + expected + ")"));
        }
        String description = root.has("description") ? text(f, "description", root.get("description"), problems).orElse("") : "";

        Schema fields = fields(f, "fields", root.get("fields"), true, problems);
        List<FunctionSpec> functions = functions(f, "functions", root.get("functions"), true, problems);

        Optional<String> schedule = Optional.empty();
        if (root.has("schedule")) {
            schedule = text(f, "schedule", root.get("schedule"), problems);
            schedule.filter(s -> !SCHEDULE.matcher(s).matches()).ifPresent(s -> problems.add(new ConfigProblem(f, "schedule",
                    "'" + s + "' is not an EventBridge schedule (use cron(0 3 * * ? *) or rate(1 day))")));
        }
        Map<String, Object> params = params(f, "params", root.get("params"), problems);

        Map<String, OrgConfig> orgs = new LinkedHashMap<>();
        JsonNode orgsNode = root.get("orgs");
        if (orgsNode == null || orgsNode.isNull()) {
            problems.add(new ConfigProblem(f, "orgs", "missing (list the orgs that use this group, e.g. orgs: { acme: {} })"));
        } else if (!orgsNode.isObject()) {
            problems.add(new ConfigProblem(f, "orgs", "expected a mapping of org name to its overrides (e.g. orgs: { acme: {} })"));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = orgsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "orgs." + e.getKey();
                if (!ORG.matcher(e.getKey()).matches()) {
                    problems.add(new ConfigProblem(f, key, "'" + e.getKey() + "' is not a valid org name (lowercase letters, digits, _ and -)"));
                    continue;
                }
                JsonNode o = e.getValue();
                if (o == null || o.isNull()) {
                    o = YAML.createObjectNode();
                }
                if (!o.isObject()) {
                    problems.add(new ConfigProblem(f, key, "expected a mapping with params:, functions: or fields: (use {} for none)"));
                    continue;
                }
                YamlFiles.unknownKeys(f, key + ".", o, ORG_KEYS, problems);
                orgs.put(e.getKey(), new OrgConfig(e.getKey(),
                        params(f, key + ".params", o.get("params"), problems),
                        functions(f, key + ".functions", o.get("functions"), false, problems),
                        fields(f, key + ".fields", o.get("fields"), false, problems)));
            }
            if (orgs.isEmpty() && orgsNode.isEmpty()) {
                problems.add(new ConfigProblem(f, "orgs", "no orgs (add at least one, e.g. acme: {})"));
            }
        }

        DriftSettings drift = DriftSettings.DEFAULT;
        JsonNode d = root.get("drift");
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                problems.add(new ConfigProblem(f, "drift", "expected a mapping with psi: and null_rate:"));
            } else {
                YamlFiles.unknownKeys(f, "drift.", d, DRIFT_KEYS, problems);
                double psi = fraction(f, "drift.psi", d.get("psi"), DriftSettings.DEFAULT.psi(), 100, problems);
                double nullRate = fraction(f, "drift.null_rate", d.get("null_rate"), DriftSettings.DEFAULT.nullRate(), 1, problems);
                drift = new DriftSettings(psi, nullRate);
            }
        }
        int retain = DEFAULT_RETAIN_VERSIONS;
        JsonNode r = root.get("retention");
        if (r != null && !r.isNull()) {
            if (!r.isObject()) {
                problems.add(new ConfigProblem(f, "retention", "expected a mapping with keep_versions:"));
            } else {
                YamlFiles.unknownKeys(f, "retention.", r, RETENTION_KEYS, problems);
                JsonNode k = r.get("keep_versions");
                if (k != null && !(k.isInt() && k.asInt() >= 1)) {
                    problems.add(new ConfigProblem(f, "retention.keep_versions", "'" + k.asText() + "' is not a positive integer (set it to 1 or more)"));
                } else if (k != null) {
                    retain = k.asInt();
                }
            }
        }

        if (problems.size() > before || name == null) {
            return Optional.empty();
        }
        GroupConfig group = new GroupConfig(name, description, fields, functions, schedule, params, orgs, drift, retain, file);
        new GroupCrossCheck(outputs).check(f, group, problems);
        return problems.size() > before ? Optional.empty() : Optional.of(group);
    }

    static Schema fields(String f, String key, JsonNode node, boolean required, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new ConfigProblem(f, key, "missing (declare the fields, e.g. fields: { age: bigint })"));
            }
            return new Schema(List.of());
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(f, key, "expected a mapping of field name to type (e.g. age: bigint)"));
            return new Schema(List.of());
        }
        List<Field> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = key + "." + e.getKey();
            if (e.getKey().equals(Schema.ID)) {
                problems.add(new ConfigProblem(f, k, "'id' is the entity key of every group and is not declared (remove it)"));
                continue;
            }
            if (!NAME.matcher(e.getKey()).matches()) {
                problems.add(new ConfigProblem(f, k, "'" + e.getKey() + "' is not a valid field name (lowercase letters, digits and _, starting with a letter)"));
                continue;
            }
            if (!e.getValue().isTextual()) {
                problems.add(new ConfigProblem(f, k, "expected a type name, one of " + FieldType.knownNames()));
                continue;
            }
            Optional<FieldType> type = FieldType.parse(e.getValue().asText());
            if (type.isEmpty()) {
                problems.add(new ConfigProblem(f, k, "unknown type '" + e.getValue().asText() + "' (use one of " + FieldType.knownNames() + ")"));
                continue;
            }
            fields.add(new Field(e.getKey(), type.get()));
        }
        return new Schema(fields);
    }

    private List<FunctionSpec> functions(String f, String key, JsonNode node, boolean required, List<ConfigProblem> problems) {
        List<FunctionSpec> functions = new ArrayList<>();
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new ConfigProblem(f, key, "missing (add at least one function, e.g. - sql: customer/orders.sql)"));
            }
            return functions;
        }
        if (!node.isArray()) {
            problems.add(new ConfigProblem(f, key, "expected a list of functions (- sql: path or - class: name)"));
            return functions;
        }
        if (required && node.isEmpty()) {
            problems.add(new ConfigProblem(f, key, "empty (add at least one function)"));
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String k = key + "[" + i + "]";
            JsonNode fn = node.get(i);
            if (!fn.isObject()) {
                problems.add(new ConfigProblem(f, k, "expected a mapping with sql: or class:"));
                continue;
            }
            YamlFiles.unknownKeys(f, k + ".", fn, FUNCTION_KEYS, problems);
            boolean hasSql = fn.has("sql");
            boolean hasClass = fn.has("class");
            if (hasSql == hasClass) {
                problems.add(new ConfigProblem(f, k, hasSql ? "has both sql: and class: (a function is one or the other)"
                        : "has neither sql: nor class: (add sql: <path under config/> or class: <FeatureFunction class>)"));
                continue;
            }
            Optional<List<String>> declared = Optional.empty();
            if (fn.has("fields")) {
                JsonNode list = fn.get("fields");
                if (!list.isArray() || list.isEmpty()) {
                    problems.add(new ConfigProblem(f, k + ".fields", "expected a non-empty list of the fields it produces"));
                } else {
                    List<String> names2 = new ArrayList<>();
                    list.forEach(n -> names2.add(n.asText()));
                    declared = Optional.of(names2);
                }
            }
            Optional<String> explicitName = fn.has("name") ? text(f, k + ".name", fn.get("name"), problems) : Optional.empty();
            FunctionSpec spec;
            if (hasSql) {
                Optional<String> path = text(f, k + ".sql", fn.get("sql"), problems);
                if (path.isEmpty()) {
                    continue;
                }
                Path sqlFile = configDir.resolve(path.get()).normalize();
                if (!sqlFile.startsWith(configDir.normalize()) || !path.get().endsWith(".sql")) {
                    problems.add(new ConfigProblem(f, k + ".sql", "'" + path.get() + "' must be a .sql file under " + configDir + " (use a relative path like customer/orders.sql)"));
                    continue;
                }
                String sql;
                try {
                    sql = Files.readString(sqlFile);
                } catch (IOException e) {
                    problems.add(new ConfigProblem(f, k + ".sql", "SQL file " + display(sqlFile) + " not found (create it, or fix the path: it is relative to " + display(configDir) + ")"));
                    continue;
                }
                String name = explicitName.orElse(sqlFile.getFileName().toString().replaceFirst("\\.sql$", ""));
                spec = new FunctionSpec.Sql(name, path.get(), sql, declared);
            } else {
                Optional<String> cls = text(f, k + ".class", fn.get("class"), problems);
                if (cls.isEmpty()) {
                    continue;
                }
                String simple = cls.get().substring(cls.get().lastIndexOf('.') + 1);
                String name = explicitName.orElse(snake(simple));
                spec = new FunctionSpec.Java(name, cls.get(), declared);
            }
            if (!NAME.matcher(spec.name()).matches()) {
                problems.add(new ConfigProblem(f, k + ".name", "'" + spec.name() + "' is not a valid function name (lowercase letters, digits and _; set name:)"));
                continue;
            }
            String previous = names.put(spec.name(), k);
            if (previous != null) {
                problems.add(new ConfigProblem(f, k, "function name '" + spec.name() + "' is also used by " + previous + " (set a distinct name:)"));
                continue;
            }
            functions.add(spec);
        }
        return functions;
    }

    private static Map<String, Object> params(String f, String key, JsonNode node, List<ConfigProblem> problems) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(f, key, "expected a mapping of name to value (e.g. params: { home_lat: 52.52 })"));
            return params;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isIntegralNumber()) {
                params.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                params.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                params.put(e.getKey(), v.asBoolean());
            } else if (v.isTextual()) {
                params.put(e.getKey(), v.asText());
            } else {
                problems.add(new ConfigProblem(f, key + "." + e.getKey(), "expected a number, string or boolean"));
            }
        }
        return params;
    }

    private static double fraction(String f, String key, JsonNode node, double dflt, double max, List<ConfigProblem> problems) {
        if (node == null) {
            return dflt;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > max) {
            problems.add(new ConfigProblem(f, key, "'" + node.asText() + "' is not a number between 0 and " + (max == 1 ? "1" : String.valueOf((int) max))));
            return dflt;
        }
        return node.asDouble();
    }

    private static Optional<String> text(String f, String key, JsonNode node, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problems.add(new ConfigProblem(f, key, "expected a non-empty string"));
            return Optional.empty();
        }
        return Optional.of(node.asText());
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
