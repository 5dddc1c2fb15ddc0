package dev.featurestore.version;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.featurestore.config.Docs;
import dev.featurestore.config.GroupDocs;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documentation of a version's group and fields as the config had it when the version was calculated, so
 * that what a column meant then can be read next to its data (the catalog shows the published version's). Only
 * what was given is written: empty descriptions, owners, tags and units and {@code pii: false} are left out.
 *
 * @param group  the group's docs, null when it has none
 * @param fields per field of the version, in schema order; fields without any docs are left out
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VersionDocs(Entry group, Map<String, Entry> fields) {

    public VersionDocs {
        group = group == null || group.isEmpty() ? null : group;
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * The docs of the group and of each field of {@code schema}, as {@code docs} declares them; null when there
     * are none at all, so that the manifest of an undocumented group has no {@code docs}.
     */
    public static VersionDocs of(GroupDocs docs, Schema schema) {
        Map<String, Entry> fields = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            Entry e = Entry.of(docs.field(f.name()));
            if (!e.isEmpty()) {
                fields.put(f.name(), e);
            }
        }
        VersionDocs all = new VersionDocs(Entry.of(docs.group()), fields);
        return all.group() == null && fields.isEmpty() ? null : all;
    }

    /** The group's docs as recorded, or {@link Docs#NONE}. */
    public Docs groupDocs() {
        return group == null ? Docs.NONE : group.toDocs();
    }

    /** The docs of a field as recorded, or {@link Docs#NONE}. */
    public Docs field(String name) {
        Entry e = fields.get(name);
        return e == null ? Docs.NONE : e.toDocs();
    }

    /** One group's or field's docs; {@code pii} is null when false, so that it is left out. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Entry(String description, String owner, List<String> tags, String unit, Boolean pii) {
        public Entry {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        static Entry of(Docs d) {
            return new Entry(d.description(), d.owner(), d.tags(), d.unit(), d.pii() ? Boolean.TRUE : null);
        }

        public Docs toDocs() {
            return new Docs(description, owner, tags, unit, Boolean.TRUE.equals(pii));
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isEmpty() {
            return toDocs().equals(Docs.NONE);
        }
    }
}
