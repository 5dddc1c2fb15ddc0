package dev.featurestore.plan;

import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.types.Field;
import dev.featurestore.version.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What applying the local config would change compared with what is calculated: groups, orgs, fields and
 * functions added, removed or changed, per org, against the newest version's manifest (its schema and its
 * functions' SQL text or class) and the schedule its lineage recorded. A removed field or a changed type is
 * flagged as breaking when the published version has that column. Changes nothing.
 */
public final class ConfigPlan {

    private ConfigPlan() {
    }

    /**
     * @param groups the local config, by group
     * @param orgs   the orgs to plan for (an environment's orgs), or empty for every org of the config and the lake
     */
    public static List<PlanChange> plan(Map<String, GroupConfig> groups, DeployedState deployed, Optional<Set<String>> orgs) {
        List<PlanChange> changes = new ArrayList<>();
        Map<String, Set<String>> lake = new LinkedHashMap<>();
        for (DeployedState.GroupOrg go : deployed.groupOrgs()) {
            if (orgs.map(o -> o.contains(go.org())).orElse(true)) {
                lake.computeIfAbsent(go.group(), g -> new LinkedHashSet<>()).add(go.org());
            }
        }
        for (GroupConfig group : groups.values()) {
            Set<String> deployedOrgs = lake.getOrDefault(group.name(), Set.of());
            if (deployedOrgs.isEmpty()) {
                changes.add(new PlanChange(group.name(), "", "add", "group", group.name(),
                        group.fields().size() + " fields, " + group.functions().size() + " functions"
                                + group.schedule().map(s -> ", schedule " + s).orElse(""), ""));
            }
            for (String org : group.orgNames()) {
                if (orgs.map(o -> !o.contains(org)).orElse(false)) {
                    continue;
                }
                Optional<Manifest> latest = deployedOrgs.contains(org) ? deployed.latest(group.name(), org) : Optional.empty();
                if (latest.isEmpty()) {
                    if (!deployedOrgs.isEmpty()) {
                        changes.add(new PlanChange(group.name(), org, "add", "org", org, "first calculation", ""));
                    }
                    continue;
                }
                org(group.forOrg(org), latest.get(), deployed.published(group.name(), org), changes);
            }
            for (String org : deployedOrgs) {
                if (!group.orgs().containsKey(org)) {
                    changes.add(new PlanChange(group.name(), org, "remove", "org", org,
                            "no longer in the config; its versions stay but are no longer calculated", ""));
                }
            }
        }
        for (String group : lake.keySet()) {
            if (!groups.containsKey(group)) {
                changes.add(new PlanChange(group, "", "remove", "group", group,
                        "no longer in the config; its versions stay readable but are no longer calculated", ""));
            }
        }
        return changes;
    }

    private static void org(ResolvedGroup local, Manifest latest, Optional<Manifest> published, List<PlanChange> changes) {
        String g = local.group();
        String o = local.org();
        Map<String, String> before = new LinkedHashMap<>();
        latest.fields().fields().forEach(f -> before.put(f.name(), f.type().sqlName()));
        Set<String> publishedColumns = new LinkedHashSet<>();
        Map<String, String> publishedTypes = new LinkedHashMap<>();
        published.ifPresent(m -> m.fields().fields().forEach(f -> {
            publishedColumns.add(f.name());
            publishedTypes.put(f.name(), f.type().sqlName());
        }));
        String version = published.map(Manifest::version).orElse("");
        for (Field f : local.fields().fields()) {
            String type = f.type().sqlName();
            String old = before.get(f.name());
            if (old == null) {
                changes.add(new PlanChange(g, o, "add", "field", f.name(), type, ""));
            } else if (!old.equals(type)) {
                String breaks = publishedTypes.containsKey(f.name()) && !publishedTypes.get(f.name()).equals(type)
                        ? "published version " + version + " has it as " + publishedTypes.get(f.name())
                        + "; readers that filter or compute on it as " + publishedTypes.get(f.name()) + " fail, and versions differ in type"
                        : "";
                changes.add(new PlanChange(g, o, "change", "field", f.name(), old + " -> " + type, breaks));
            }
        }
        for (String name : before.keySet()) {
            if (!local.fields().contains(name)) {
                String breaks = publishedColumns.contains(name)
                        ? "published version " + version + " has this column; reads that select or filter on it fail once a version without it is published"
                        : "";
                changes.add(new PlanChange(g, o, "remove", "field", name, before.get(name), breaks));
            }
        }
        Map<String, Manifest.FunctionRun> ran = new LinkedHashMap<>();
        latest.functions().forEach(f -> ran.put(f.name(), f));
        for (FunctionSpec fn : local.functions()) {
            Manifest.FunctionRun previous = ran.get(fn.name());
            String kind = fn instanceof FunctionSpec.Sql ? "sql" : "java";
            String source = switch (fn) {
                case FunctionSpec.Sql s -> s.sql();
                case FunctionSpec.Java j -> j.className();
            };
            if (previous == null) {
                changes.add(new PlanChange(g, o, "add", "function", fn.name(), kind, ""));
            } else if (!previous.kind().equals(kind) || !previous.source().equals(source)) {
                changes.add(new PlanChange(g, o, "change", "function", fn.name(), previous.kind().equals(kind)
                        ? (kind.equals("sql") ? "SQL text changed" : "class " + previous.source() + " -> " + source)
                        : previous.kind() + " -> " + kind, ""));
            }
        }
        for (String name : ran.keySet()) {
            if (local.functions().stream().noneMatch(fn -> fn.name().equals(name))) {
                changes.add(new PlanChange(g, o, "remove", "function", name, ran.get(name).kind(), ""));
            }
        }
        schedule(local, latest, changes);
        if (!local.configHash().equals(latest.configHash()) && changes.stream().noneMatch(c -> c.group().equals(g) && c.org().equals(o))) {
            changes.add(new PlanChange(g, o, "change", "params", "params", "config hash " + latest.configHash().substring(0, 12)
                    + " -> " + local.shortConfigHash(), ""));
        }
    }

    /**
     * The schedule of the config against the one the newest version's run had (its lineage); nothing when the
     * manifest did not record it (written before schedules were recorded).
     */
    private static void schedule(ResolvedGroup local, Manifest latest, List<PlanChange> changes) {
        String recorded = latest.lineage() == null ? null : latest.lineage().schedule();
        String now = local.schedule().orElse("");
        if (recorded == null || recorded.equals(now)) {
            return;
        }
        String g = local.group();
        String o = local.org();
        if (recorded.isEmpty()) {
            changes.add(new PlanChange(g, o, "add", "schedule", now, "", ""));
        } else if (now.isEmpty()) {
            changes.add(new PlanChange(g, o, "remove", "schedule", recorded, "recalculated only when started", ""));
        } else {
            changes.add(new PlanChange(g, o, "change", "schedule", now, "was " + recorded, ""));
        }
    }
}
