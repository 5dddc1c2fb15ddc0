package dev.featurestore.aws.runtime;

import dev.featurestore.error.ConfigException;
import java.util.Map;
import java.util.Optional;

/**
 * A Lambda function's environment variables as its settings read them: a value that is wrong stops the function
 * at start with a config error naming the variable ("Cannot start: environment variable ...").
 */
record EnvironmentVariables(Map<String, String> env) {

    String get(String name, String dflt) {
        return env.getOrDefault(name, dflt);
    }

    /** The value, or empty when it is unset or blank. */
    Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).filter(s -> !s.isBlank());
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException("Cannot start: environment variable " + name
                + " is not set (the infra stack sets it; for a local run export it)"));
    }

    /** {@code true} or {@code false} in any case; unset or empty is false. */
    boolean flag(String name) {
        String v = env.getOrDefault(name, "false").trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") || v.isEmpty()) {
            return v.equalsIgnoreCase("true");
        }
        throw new ConfigException("Cannot start: environment variable " + name + " is '" + v + "', not true or false");
    }

    /** A whole number; {@code dflt} when unset or blank. */
    long number(String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("Cannot start: environment variable " + name + " is '" + v + "', not a whole number");
        }
    }
}
