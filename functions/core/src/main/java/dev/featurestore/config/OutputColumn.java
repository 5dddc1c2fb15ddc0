package dev.featurestore.config;

import java.util.Optional;

/** One column a function produces (besides {@code id}): its name and, when its engine can tell before running, its type. */
public record OutputColumn(String name, Optional<OutputType> type) {

    /** A column whose type is only known when the function runs (Java functions, SQL that lists its fields). */
    public static OutputColumn named(String name) {
        return new OutputColumn(name, Optional.empty());
    }
}
