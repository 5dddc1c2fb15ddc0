package dev.featurestore.config;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value rules of a group file that its shape cannot say (names, types, schedules, SQL files that exist,
 * unique function names), and the {@link GroupConfig} built from a {@link GroupFile} that passes them. The
 * checks across functions and fields are {@link GroupCrossCheck}.
 */
final class GroupRules {
    static final Pattern NAME = dev.featurestore.ids.Identifier.GROUP.pattern(); // function names follow the group rule
    static final Pattern ORG = dev.featurestore.ids.Identifier.ORG.pattern();
    static final Pattern SCHEDULE = Pattern.compile("(cron|rate)\\(.+\\)");

    private final Path configDir;
    private final String f;
    private final List<ConfigProblem> problems;
    private final Map<String, Docs> functionDocs = new LinkedHashMap<>();

    GroupRules(Path configDir, String displayName, List<ConfigProblem> problems) {
        this.configDir = configDir;
        this.f = displayName;
        this.problems = problems;
    }

    /** The group, or empty when a rule is broken (each broken rule is added to the problems). */
    Optional<GroupConfig> toConfig(GroupFile file, Path source) {
        int before = problems.size();
        String expected = source.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = file.group();
        if (name != null && !NAME.matcher(name).matches()) {
            problem("group", "'" + name + "' is not a valid name (lowercase letters, digits and _, starting with a letter)");
        } else if (name != null && !name.equals(expected)) {
            problem("group", "'" + name + "' does not match the file name (rename the file to " + name + ".yaml or set group: " + expected + ")");
        }
        Schema fields = fields(f, "fields", file.fields(), problems);
        List<FunctionSpec> functions = functions("functions", file.functions());
        Optional<String> schedule = Optional.ofNullable(file.schedule());
        schedule.filter(s -> !SCHEDULE.matcher(s).matches()).ifPresent(s -> problem("schedule",
                "'" + s + "' is not an EventBridge schedule (use cron(0 3 * * ? *) or rate(1 day))"));
        Map<String, OrgConfig> orgs = new LinkedHashMap<>();
        if (file.orgs() != null) {
            file.orgs().forEach((org, decl) -> {
                if (!ORG.matcher(org).matches()) {
                    problem("orgs." + org, "'" + org + "' is not a valid org name (lowercase letters, digits, _ and -)");
                } else if (decl != null) {
                    String key = "orgs." + org;
                    orgs.put(org, new OrgConfig(org, params(decl.params()), functions(key + ".functions", decl.functions()),
                            fields(f, key + ".fields", decl.fields(), problems)));
                }
            });
        }
        if (problems.size() > before || name == null || file.fields() == null || file.functions() == null || file.orgs() == null) {
            return Optional.empty();
        }
        DriftSettings drift = new DriftSettings(file.drift().psi(), file.drift().nullRate());
        return Optional.of(new GroupConfig(name, file.description(), fields, functions, schedule, params(file.params()), orgs,
                drift, file.retention().keepVersions(), source, docs(file)));
    }

    /** The group's, its fields' (defaults, then each org's) and its functions' documentation. */
    private GroupDocs docs(GroupFile file) {
        Docs group = new Docs(file.description(), file.owner(), file.tags(), "", false);
        Map<String, Docs> fields = new LinkedHashMap<>();
        file.fields().forEach((name, decl) -> {
            if (decl != null) {
                fields.put(name, decl.docs().withDefaultOwner(file.owner()));
            }
        });
        file.orgs().values().stream().filter(java.util.Objects::nonNull).forEach(org -> org.fields().forEach((name, decl) -> {
            if (decl == null) {
                return;
            }
            Docs d = decl.docs().withDefaultOwner(file.owner());
            Docs existing = fields.get(name);
            if (existing == null || existing.description().isEmpty() && !d.description().isEmpty()) {
                fields.put(name, d);
            }
        }));
        Map<String, Docs> functions = new LinkedHashMap<>();
        functionDocs.forEach((name, d) -> functions.put(name, d.withDefaultOwner(file.owner())));
        return new GroupDocs(group, fields, functions);
    }

    /** The declared fields in file order; a wrong name or type is a problem (shared with {@link FieldsFile}). */
    static Schema fields(String f, String key, Map<String, GroupFile.FieldDecl> decls, List<ConfigProblem> problems) {
        List<Field> fields = new ArrayList<>();
        if (decls == null) {
            return new Schema(fields);
        }
        decls.forEach((name, decl) -> {
            String k = key + "." + name;
            if (name.equals(Schema.ID)) {
                problems.add(new ConfigProblem(f, k, "'id' is the entity key of every group and is not declared (remove it)"));
            } else if (!NAME.matcher(name).matches()) {
                problems.add(new ConfigProblem(f, k, "'" + name + "' is not a valid field name (lowercase letters, digits and _, starting with a letter)"));
            } else if (decl != null) {
                Optional<FieldType> type = FieldType.parse(decl.type());
                if (type.isEmpty()) {
                    problems.add(new ConfigProblem(f, k, "unknown type '" + decl.type() + "' (use one of " + FieldType.knownNames() + ")"));
                } else {
                    fields.add(new Field(name, type.get()));
                }
            }
        });
        return new Schema(fields);
    }

    private List<FunctionSpec> functions(String key, List<GroupFile.FunctionDecl> decls) {
        List<FunctionSpec> functions = new ArrayList<>();
        if (decls == null) {
            return functions;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < decls.size(); i++) {
            String k = key + "[" + i + "]";
            GroupFile.FunctionDecl fn = decls.get(i);
            if (fn == null) {
                continue;
            }
            if ((fn.sql() == null) == (fn.className() == null)) {
                problem(k, fn.sql() != null ? "has both sql: and class: (a function is one or the other)"
                        : "has neither sql: nor class: (add sql: <path under config/> or class: <FeatureFunction class>)");
                continue;
            }
            Optional<List<String>> declared = Optional.ofNullable(fn.fields())
                    .map(list -> list.stream().map(String::valueOf).toList());
            Optional<FunctionSpec> spec = fn.sql() != null ? sql(k, fn, declared)
                    : Optional.of(new FunctionSpec.Java(Optional.ofNullable(fn.name()).orElse(ConfigLoader.snake(
                            fn.className().substring(fn.className().lastIndexOf('.') + 1))), fn.className(), declared));
            if (spec.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(spec.get().name()).matches()) {
                problem(k + ".name", "'" + spec.get().name() + "' is not a valid function name (lowercase letters, digits and _; set name:)");
                continue;
            }
            functionDocs.putIfAbsent(spec.get().name(), new Docs(fn.description(), fn.owner(), fn.tags(), "", false));
            String previous = names.put(spec.get().name(), k);
            if (previous != null) {
                problem(k, "function name '" + spec.get().name() + "' is also used by " + previous + " (set a distinct name:)");
                continue;
            }
            functions.add(spec.get());
        }
        return functions;
    }

    private Optional<FunctionSpec> sql(String k, GroupFile.FunctionDecl fn, Optional<List<String>> declared) {
        String path = fn.sql();
        Path sqlFile = configDir.resolve(path).normalize();
        if (!sqlFile.startsWith(configDir.normalize()) || !path.endsWith(".sql")) {
            problem(k + ".sql", "'" + path + "' must be a .sql file under " + configDir + " (use a relative path like customer/orders.sql)");
            return Optional.empty();
        }
        String sql;
        try {
            sql = Files.readString(sqlFile);
        } catch (IOException e) {
            problem(k + ".sql", "SQL file " + YamlFiles.display(configDir, sqlFile) + " not found (create it, or fix the path: it is relative to "
                    + YamlFiles.display(configDir, configDir) + ")");
            return Optional.empty();
        }
        String name = Optional.ofNullable(fn.name()).orElse(sqlFile.getFileName().toString().replaceFirst("\\.sql$", ""));
        return Optional.of(new FunctionSpec.Sql(name, path, sql, declared));
    }

    /** Whole numbers as Long, other numbers as Double, as the functions read them. */
    private static Map<String, Object> params(Map<String, Object> values) {
        Map<String, Object> params = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            params.put(k, switch (v) {
                case Integer i -> i.longValue();
                case BigInteger b -> b.longValue();
                case Number n when !(n instanceof Long) -> n.doubleValue();
                default -> v;
            });
        });
        return params;
    }

    private void problem(String key, String message) {
        problems.add(new ConfigProblem(f, key, message));
    }
}
