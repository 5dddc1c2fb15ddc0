package dev.featurestore.drift;

import dev.featurestore.version.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed in the config between two versions, from their manifests alone: fields (added, removed, type),
 * functions (added, removed, SQL text or class changed), params (when both manifests record them) and the code
 * version. Empty when the versions were built from the same config and code.
 */
final class ConfigDiff {
    private ConfigDiff() {
    }

    static List<ConfigChange> between(Manifest from, Manifest to) {
        List<ConfigChange> changes = new ArrayList<>();
        fields(from, to, changes);
        functions(from, to, changes);
        params(from, to, changes);
        if (!Objects.equals(from.codeVersion(), to.codeVersion())) {
            changes.add(new ConfigChange("code", "version", from.codeVersion() + " → " + to.codeVersion()));
        }
        return changes;
    }

    private static void fields(Manifest from, Manifest to, List<ConfigChange> changes) {
        Map<String, String> a = types(from);
        Map<String, String> b = types(to);
        for (String name : union(a.keySet(), b.keySet())) {
            String before = a.get(name);
            String after = b.get(name);
            if (before == null) {
                changes.add(new ConfigChange("field", name, "added (" + after + ")"));
            } else if (after == null) {
                changes.add(new ConfigChange("field", name, "removed (was " + before + ")"));
            } else if (!before.equals(after)) {
                changes.add(new ConfigChange("field", name, "type " + before + " → " + after));
            }
        }
    }

    private static void functions(Manifest from, Manifest to, List<ConfigChange> changes) {
        Map<String, Manifest.FunctionRun> a = functionsOf(from);
        Map<String, Manifest.FunctionRun> b = functionsOf(to);
        for (String name : union(a.keySet(), b.keySet())) {
            Manifest.FunctionRun before = a.get(name);
            Manifest.FunctionRun after = b.get(name);
            if (before == null) {
                changes.add(new ConfigChange("function", name, "added (" + after.kind() + ")"));
            } else if (after == null) {
                changes.add(new ConfigChange("function", name, "removed"));
            } else if (!before.kind().equals(after.kind())) {
                changes.add(new ConfigChange("function", name, "now " + after.kind() + " (was " + before.kind() + ")"));
            } else if (!Objects.equals(before.source(), after.source())) {
                changes.add(new ConfigChange("function", name, after.kind().equals("sql") ? "SQL changed"
                        : "class " + before.source() + " → " + after.source()));
            }
        }
    }

    private static void params(Manifest from, Manifest to, List<ConfigChange> changes) {
        if (from.lineage() == null || to.lineage() == null) {
            return;
        }
        Map<String, Object> a = from.lineage().params();
        Map<String, Object> b = to.lineage().params();
        for (String name : union(a.keySet(), b.keySet())) {
            Object before = a.get(name);
            Object after = b.get(name);
            if (!Objects.equals(String.valueOf(before), String.valueOf(after))) {
                changes.add(new ConfigChange("param", name, (before == null ? "(unset)" : before) + " → " + (after == null ? "(unset)" : after)));
            }
        }
    }

    private static Map<String, String> types(Manifest m) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Manifest.Column c : m.schema()) {
            if (!c.name().equals(dev.featurestore.types.Schema.ID)) {
                types.put(c.name(), c.type());
            }
        }
        return types;
    }

    private static Map<String, Manifest.FunctionRun> functionsOf(Manifest m) {
        Map<String, Manifest.FunctionRun> functions = new LinkedHashMap<>();
        for (Manifest.FunctionRun f : m.functions()) {
            functions.put(f.name(), f);
        }
        return functions;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
