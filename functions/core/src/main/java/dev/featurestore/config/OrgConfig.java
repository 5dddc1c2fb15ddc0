package dev.featurestore.config;

import dev.featurestore.types.Schema;
import java.util.List;
import java.util.Map;

/** One org's customization of a group, merged over the group's defaults. */
public record OrgConfig(String org, Map<String, Object> params, List<FunctionSpec> functions, Schema fields) {
    public OrgConfig {
        params = Map.copyOf(params);
        functions = List.copyOf(functions);
    }
}
