package dev.featurestore.config;

import dev.featurestore.error.ConfigException;
import dev.featurestore.function.SqlParams;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every org's resolved group against what its functions produce: unique function names, each field
 * produced by exactly one function, no undeclared outputs, and each output's type (when the engine can tell
 * before running) readable as the declared field type, and every {@code {{ params.NAME }}} of a SQL function set
 * for the org (see {@link SqlParams}). A problem shared by several orgs is reported once,
 * naming the orgs it affects (when the group has more than one).
 */
final class GroupCrossCheck {
    private final FunctionOutputs outputs;

    GroupCrossCheck(FunctionOutputs outputs) {
        this.outputs = outputs;
    }

    /** One problem without its orgs: where, what is wrong, and the fix. */
    private record Finding(String key, String what, String fix) {
    }

    void check(String file, GroupConfig group, List<ConfigProblem> problems) {
        Map<FunctionSpec, Optional<List<OutputColumn>>> known = new LinkedHashMap<>();
        Map<FunctionSpec, String> failed = new LinkedHashMap<>();
        Map<Finding, List<String>> findings = new LinkedHashMap<>();
        for (String org : group.orgNames()) {
            List<Finding> found = new ArrayList<>();
            checkOrg(group, org, known, failed, found);
            for (Finding finding : found) {
                List<String> orgs = findings.computeIfAbsent(finding, k -> new ArrayList<>());
                if (!orgs.contains(org)) {
                    orgs.add(org);
                }
            }
        }
        findings.forEach((finding, orgs) -> problems.add(new ConfigProblem(file, finding.key(),
                finding.what() + scope(group, orgs) + " (" + finding.fix() + ")")));
    }

    private void checkOrg(GroupConfig group, String org, Map<FunctionSpec, Optional<List<OutputColumn>>> known,
            Map<FunctionSpec, String> failed, List<Finding> found) {
        ResolvedGroup resolved = group.forOrg(org);
        Map<String, String> producedBy = new LinkedHashMap<>();
        boolean allKnown = true;
        for (FunctionSpec fn : resolved.functions()) {
            Optional<List<OutputColumn>> out = known.computeIfAbsent(fn, f -> {
                try {
                    return outputs.outputs(f);
                } catch (IllegalArgumentException e) {
                    failed.put(f, e.getMessage());
                    return Optional.empty();
                }
            });
            String key = functionKey(group, org, fn);
            if (fn instanceof FunctionSpec.Sql sql) {
                try {
                    SqlParams.bind(sql.sql(), resolved.params(), "SQL function '" + fn.name() + "'");
                } catch (ConfigException e) {
                    found.add(splitFix(key, e.getMessage()));
                }
            }
            if (failed.containsKey(fn)) {
                found.add(splitFix(key, failed.get(fn)));
            }
            if (out.isEmpty()) {
                allKnown = false;
                continue;
            }
            for (OutputColumn column : out.get()) {
                String field = column.name();
                String previous = producedBy.put(field, fn.name());
                if (previous != null && !previous.equals(fn.name())) {
                    found.add(new Finding(key, "field '" + field + "' is produced by both '" + previous + "' and '" + fn.name() + "'",
                            "each field must come from exactly one function; remove it from one"));
                }
                Optional<Field> declared = resolved.fields().field(field);
                if (declared.isEmpty()) {
                    found.add(new Finding(key, "function '" + fn.name() + "' produces '" + field + "', which is not declared",
                            "add it under fields: with its type, or drop it from the function"));
                } else if (column.type().isPresent() && !column.type().get().readableAs(declared.get().type())) {
                    found.add(typeMismatch(group, org, key, fn, field, column.type().get(), declared.get().type()));
                }
            }
        }
        if (allKnown) {
            for (Field field : resolved.fields().fields()) {
                if (!producedBy.containsKey(field.name())) {
                    found.add(new Finding(fieldKey(group, org, field.name()), "field '" + field.name() + "' is declared but no function produces it",
                            "add a function that does, or remove the field"));
                }
            }
        }
    }

    private static Finding typeMismatch(GroupConfig group, String org, String key, FunctionSpec fn, String field, OutputType actual,
            FieldType declared) {
        String where = fn instanceof FunctionSpec.Sql sql ? "SQL function '" + fn.name() + "' (" + sql.path() + ")" : "function '" + fn.name() + "'";
        String redeclare = actual.fittingFieldType()
                .map(t -> "declare " + fieldKey(group, org, field) + " as " + t.sqlName() + ", or ")
                .orElse("");
        return new Finding(key, where + " returns column '" + field + "' as " + actual.engineName() + ", but field '" + field
                + "' is declared " + declared.sqlName(),
                redeclare + "cast it in the SQL: " + actual.castSql("...", declared) + " AS " + field);
    }

    /** Splits "what (fix)" as thrown by the function loaders so the orgs go before the fix. */
    private static Finding splitFix(String key, String message) {
        int open = message.lastIndexOf(" (");
        if (open > 0 && message.endsWith(")")) {
            return new Finding(key, message.substring(0, open), message.substring(open + 2, message.length() - 1));
        }
        return new Finding(key, message, "fix the function");
    }

    private static String scope(GroupConfig group, List<String> orgs) {
        if (group.orgNames().size() <= 1) {
            return "";
        }
        return (orgs.size() == 1 ? " (org " : " (orgs ") + String.join(", ", orgs) + ")";
    }

    private static String functionKey(GroupConfig group, String org, FunctionSpec fn) {
        int i = group.functions().indexOf(fn);
        if (i >= 0) {
            return "functions[" + i + "]";
        }
        return "orgs." + org + ".functions[" + group.orgs().get(org).functions().indexOf(fn) + "]";
    }

    private static String fieldKey(GroupConfig group, String org, String field) {
        return group.fields().contains(field) ? "fields." + field : "orgs." + org + ".fields." + field;
    }
}
