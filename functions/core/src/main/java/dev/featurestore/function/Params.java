package dev.featurestore.function;

import dev.featurestore.error.ConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An org's params from the group config, with typed accessors whose errors name the missing key. */
public record Params(Map<String, Object> values) {
    public Params {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Params empty() {
        return new Params(Map.of());
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new ConfigException("Cannot read param '" + key + "' as a number: it is '" + v + "' (set params." + key + " to a number in the org's config)");
    }

    public long getLong(String key) {
        Object v = require(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new ConfigException("Cannot read param '" + key + "' as an integer: it is '" + v + "' (set params." + key + " to an integer in the org's config)");
    }

    public String getString(String key) {
        return String.valueOf(require(key));
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new ConfigException("Cannot find param '" + key + "' (known: " + values.keySet() + "; add it under params: in the group's orgs section)");
        }
        return v;
    }
}
