package dev.featurestore.catalog;

import dev.featurestore.config.Docs;
import dev.featurestore.config.GroupDocs;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comment of each column of a group's table, from its fields' docs, so that users of the table (Athena, the
 * Glue console) see what a column means: the description, then the unit, owner, tags and a PII mark, e.g.
 * {@code Orders placed since signup (unit: orders; owner: growth; tags: activity, orders; PII)}. Line breaks and
 * other control characters become spaces; a comment longer than {@value #MAX_LENGTH} characters (Glue's limit)
 * is cut and ends with an ellipsis. Fields without docs get no comment.
 */
public final class ColumnComments {
    /** Glue's limit on a column comment, in characters. */
    public static final int MAX_LENGTH = 255;

    private ColumnComments() {
    }

    /** Field name to comment, for the fields of {@code schema} that have docs (in schema order). */
    public static Map<String, String> of(GroupDocs docs, Schema schema) {
        Map<String, String> comments = new LinkedHashMap<>();
        for (Field f : schema.fields()) {
            String comment = of(docs.field(f.name()));
            if (!comment.isEmpty()) {
                comments.put(f.name(), comment);
            }
        }
        return comments;
    }

    /** One field's comment, or an empty string when its docs say nothing. */
    public static String of(Docs docs) {
        List<String> facts = new ArrayList<>();
        if (!docs.unit().isEmpty()) {
            facts.add("unit: " + docs.unit());
        }
        if (!docs.owner().isEmpty()) {
            facts.add("owner: " + docs.owner());
        }
        if (!docs.tags().isEmpty()) {
            facts.add("tags: " + String.join(", ", docs.tags()));
        }
        if (docs.pii()) {
            facts.add("PII");
        }
        String description = docs.description().strip();
        String text = facts.isEmpty() ? description
                : description.isEmpty() ? String.join("; ", facts) : description + " (" + String.join("; ", facts) + ")";
        return cut(text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip());
    }

    private static String cut(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = MAX_LENGTH - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character made of two UTF-16 units
        }
        return text.substring(0, end).stripTrailing() + "…";
    }
}
