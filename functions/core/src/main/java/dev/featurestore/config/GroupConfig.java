package dev.featurestore.config;

import dev.featurestore.error.NotFoundException;
import dev.featurestore.function.Params;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A feature group as declared in {@code config/groups/<group>.yaml} (validated: see {@link ConfigLoader}).
 *
 * @param retainVersions how many versions to keep per org (older ones are deleted unless current or pinned)
 * @param docs           descriptions, owners, tags, units and PII marks of the group, its fields and functions
 */
public record GroupConfig(
        String name,
        String description,
        Schema fields,
        List<FunctionSpec> functions,
        Optional<String> schedule,
        Map<String, Object> params,
        Map<String, OrgConfig> orgs,
        DriftSettings drift,
        int retainVersions,
        Path source,
        GroupDocs docs) {

    public GroupConfig {
        functions = List.copyOf(functions);
        params = Map.copyOf(params);
        orgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(orgs));
    }

    public List<String> orgNames() {
        return List.copyOf(orgs.keySet());
    }

    /** The one org asked for (checked: an unknown org is a NotFoundException listing the known ones), or every org. */
    public List<String> orgsOrAll(Optional<String> org) {
        if (org.isEmpty()) {
            return orgNames();
        }
        forOrg(org.get());
        return List.of(org.get());
    }

    /** The group as it runs for one org: defaults merged with the org's overrides. */
    public ResolvedGroup forOrg(String org) {
        OrgConfig o = orgs.get(org);
        if (o == null) {
            throw new NotFoundException("Cannot find org '" + org + "' in group '" + name + "' (known orgs: "
                    + String.join(", ", orgs.keySet()) + "; add it under orgs: in " + source + ")");
        }
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.putAll(o.params());
        Map<String, FunctionSpec> fns = new LinkedHashMap<>();
        for (FunctionSpec f : functions) {
            fns.put(f.name(), f);
        }
        for (FunctionSpec f : o.functions()) {
            fns.put(f.name(), f); // an org's function with a default's name replaces it
        }
        List<Field> allFields = new ArrayList<>(fields.fields());
        for (Field f : o.fields().fields()) {
            allFields.removeIf(existing -> existing.name().equals(f.name()));
            allFields.add(f);
        }
        return new ResolvedGroup(name, org, new Schema(allFields), List.copyOf(fns.values()), new Params(merged), drift, docs, schedule);
    }
}
