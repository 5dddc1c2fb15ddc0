package dev.featurestore.types;

import java.util.Objects;

/** A named, typed, nullable field of a feature group. */
public record Field(String name, FieldType type) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
