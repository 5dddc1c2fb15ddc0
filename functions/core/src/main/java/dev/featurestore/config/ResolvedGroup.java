package dev.featurestore.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.featurestore.function.Params;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group as it runs for one org: its fields (config order), functions and params; its docs and schedule,
 * which a version records but which do not change its data (they are not part of {@link #configHash()}).
 */
public record ResolvedGroup(String group, String org, Schema fields, List<FunctionSpec> functions, Params params,
                            DriftSettings drift, GroupDocs docs, java.util.Optional<String> schedule) {

    /** A group without docs or schedule (tests, reproductions). */
    public ResolvedGroup(String group, String org, Schema fields, List<FunctionSpec> functions, Params params, DriftSettings drift) {
        this(group, org, fields, functions, params, drift, GroupDocs.NONE, java.util.Optional.empty());
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public ResolvedGroup {
        functions = List.copyOf(functions);
    }

    public FunctionSpec function(String name) {
        for (FunctionSpec f : functions) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new dev.featurestore.error.NotFoundException("Cannot find function '" + name + "' in group '" + group
                + "' for org '" + org + "' (known: " + functions.stream().map(FunctionSpec::name).toList() + ")");
    }

    /**
     * SHA-256 of everything that determines the data besides the sources: fields and types, functions (SQL
     * text, class names), params. Equal configs give equal hashes.
     */
    public String configHash() {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("group", group);
        canonical.put("org", org);
        List<List<String>> fieldList = new ArrayList<>();
        for (Field f : fields.fields()) {
            fieldList.add(List.of(f.name(), f.type().sqlName()));
        }
        canonical.put("fields", fieldList);
        List<Map<String, Object>> fnList = new ArrayList<>();
        for (FunctionSpec f : functions) {
            Map<String, Object> m = new TreeMap<>();
            m.put("name", f.name());
            switch (f) {
                case FunctionSpec.Sql s -> m.put("sql", s.sql());
                case FunctionSpec.Java j -> m.put("class", j.className());
            }
            f.declaredFields().ifPresent(d -> m.put("fields", d));
            fnList.add(m);
        }
        canonical.put("functions", fnList);
        canonical.put("params", new TreeMap<>(params.values()));
        try {
            byte[] json = CANONICAL.writeValueAsBytes(canonical);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot hash config of group " + group, e);
        }
    }

    /** A short form of {@link #configHash()} for display. */
    public String shortConfigHash() {
        return configHash().substring(0, 12);
    }
}
