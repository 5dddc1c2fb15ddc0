package dev.featurestore.config;

import dev.featurestore.error.ConfigException;
import dev.featurestore.function.SqlParams;
import dev.featurestore.types.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks across a group's functions and fields, per org as it runs: unique function outputs, every output
 * declared, every declared field produced by exactly one function, and every {@code {{ params.NAME }}} of a
 * SQL function set for the org (see {@link SqlParams}). Runs on a group whose every value is valid.
 */
final class GroupCrossCheck {
    private final FunctionOutputs outputs;

    GroupCrossCheck(FunctionOutputs outputs) {
        this.outputs = outputs;
    }

    void check(String f, GroupConfig group, List<ConfigProblem> problems) {
        Map<FunctionSpec, Optional<List<String>>> known = new LinkedHashMap<>();
        for (String org : group.orgNames()) {
            ResolvedGroup resolved = group.forOrg(org);
            String scope = group.orgs().get(org).functions().isEmpty() && group.orgs().get(org).fields().size() == 0
                    ? "" : " (org " + org + ")";
            Map<String, String> producedBy = new LinkedHashMap<>();
            boolean allKnown = true;
            for (FunctionSpec fn : resolved.functions()) {
                if (fn instanceof FunctionSpec.Sql sql) {
                    try {
                        SqlParams.bind(sql.sql(), resolved.params(), "SQL function '" + fn.name() + "' for org '" + org + "'");
                    } catch (ConfigException e) {
                        problems.add(new ConfigProblem(f, functionKey(group, org, fn), e.getMessage()));
                    }
                }
                Optional<List<String>> out;
                if (known.containsKey(fn)) {
                    out = known.get(fn);
                } else {
                    try {
                        out = outputs.outputs(fn);
                    } catch (IllegalArgumentException e) {
                        problems.add(new ConfigProblem(f, functionKey(group, org, fn), e.getMessage()));
                        out = Optional.empty();
                    }
                    known.put(fn, out);
                }
                if (out.isEmpty()) {
                    allKnown = false;
                    continue;
                }
                for (String field : out.get()) {
                    String previous = producedBy.put(field, fn.name());
                    if (previous != null && !previous.equals(fn.name())) {
                        problems.add(new ConfigProblem(f, functionKey(group, org, fn), "field '" + field + "' is produced by both '"
                                + previous + "' and '" + fn.name() + "'" + scope + " (each field must come from exactly one function; remove it from one)"));
                    }
                    if (!resolved.fields().contains(field)) {
                        problems.add(new ConfigProblem(f, functionKey(group, org, fn), "function '" + fn.name() + "' produces '" + field
                                + "', which is not declared" + scope + " (add it under fields: with its type, or drop it from the function)"));
                    }
                }
            }
            if (allKnown) {
                for (Field field : resolved.fields().fields()) {
                    if (!producedBy.containsKey(field.name())) {
                        problems.add(new ConfigProblem(f, fieldKey(group, org, field.name()), "field '" + field.name()
                                + "' is declared but no function produces it" + scope + " (add a function that does, or remove the field)"));
                    }
                }
            }
        }
        List<ConfigProblem> unique = new ArrayList<>(new LinkedHashSet<>(problems));
        problems.clear();
        problems.addAll(unique);
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
