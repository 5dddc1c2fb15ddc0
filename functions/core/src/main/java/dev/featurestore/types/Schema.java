package dev.featurestore.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered fields of a group (or of one function's partial), without the {@code id} key, which is
 * always a required string and always first in data.
 */
public record Schema(List<Field> fields) {
    public static final String ID = "id";

    public Schema {
        fields = List.copyOf(fields);
        Map<String, Field> seen = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.name().equals(ID)) {
                throw new IllegalArgumentException("Cannot declare field 'id': it is the entity key of every group");
            }
            if (seen.put(f.name(), f) != null) {
                throw new IllegalArgumentException("Cannot declare field '" + f.name() + "' twice");
            }
        }
    }

    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public boolean contains(String name) {
        return field(name).isPresent();
    }

    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (Field f : fields) {
            names.add(f.name());
        }
        return Collections.unmodifiableList(names);
    }

    public int size() {
        return fields.size();
    }

    /** The fields of this schema whose names are in {@code names}, in this schema's order. */
    public Schema select(java.util.Collection<String> names) {
        List<Field> selected = new ArrayList<>();
        for (Field f : fields) {
            if (names.contains(f.name())) {
                selected.add(f);
            }
        }
        return new Schema(selected);
    }

    /** This schema followed by the fields of {@code other} it does not have yet. */
    public Schema plus(Schema other) {
        List<Field> all = new ArrayList<>(fields);
        for (Field f : other.fields()) {
            if (!contains(f.name())) {
                all.add(f);
            }
        }
        return new Schema(all);
    }
}
