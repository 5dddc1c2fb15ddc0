package dev.featurestore.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documentation a group file declares: for the group, per field (default fields and every org's, an org's
 * description filling in where the default has none) and per function. Fields and functions without an owner
 * take the group's.
 */
public record GroupDocs(Docs group, Map<String, Docs> fields, Map<String, Docs> functions) {
    public static final GroupDocs NONE = new GroupDocs(Docs.NONE, Map.of(), Map.of());

    public GroupDocs {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    public Docs field(String name) {
        return fields.getOrDefault(name, Docs.NONE.withDefaultOwner(group.owner()));
    }

    public Docs function(String name) {
        return functions.getOrDefault(name, Docs.NONE.withDefaultOwner(group.owner()));
    }

    /** The fields marked {@code pii: true}. */
    public List<String> piiFields() {
        return fields.entrySet().stream().filter(e -> e.getValue().pii()).map(Map.Entry::getKey).toList();
    }
}
