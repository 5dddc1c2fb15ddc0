package dev.featurestore.config;

import java.util.List;
import java.util.Objects;

/**
 * What a person needs to know about a group, function or field beyond its name and type: what it means, who
 * answers for it, tags to find it by, its unit, and whether it is personal data. Declared in the group file
 * (the long form of a field, {@code age: {type: int, description: ..., pii: false}}); empty strings and an
 * empty tag list when not given.
 *
 * @param pii personal data: left out of {@code *} selections unless asked for by name, marked in the catalog
 */
public record Docs(String description, String owner, List<String> tags, String unit, boolean pii) {
    public static final Docs NONE = new Docs("", "", List.of(), "", false);

    public Docs {
        description = Objects.requireNonNullElse(description, "");
        owner = Objects.requireNonNullElse(owner, "");
        tags = List.copyOf(Objects.requireNonNullElse(tags, List.of()));
        unit = Objects.requireNonNullElse(unit, "");
    }

    public static Docs describing(String description) {
        return new Docs(description, "", List.of(), "", false);
    }

    /** A function or field's docs with the group's owner when it names none. */
    public Docs withDefaultOwner(String groupOwner) {
        return owner.isEmpty() ? new Docs(description, groupOwner, tags, unit, pii) : this;
    }
}
