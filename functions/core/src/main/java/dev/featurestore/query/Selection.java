package dev.featurestore.query;

import dev.featurestore.error.QueryException;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns a get-features request returns: {@code id} always, then the selected fields in schema (config)
 * order.
 *
 * <p>Rule (docs/query.md, 1. Selection): a field is selected when it matches any {@code features} pattern (default {@code *}) and
 * no {@code exclude} pattern — except fields named explicitly (without wildcards) in {@code features}, which
 * are selected whatever {@code exclude} says. Patterns are globs with {@code *} (any run) and {@code ?} (one
 * character). A name without wildcards must be a field of the group (or {@code id}); a glob that matches
 * nothing is not an error, since orgs of one group may have different fields.
 */
public record Selection(Schema fields) {

    public Selection {
        java.util.Objects.requireNonNull(fields, "fields");
    }

    /** Resolves {@code features} minus {@code exclude} against a group's schema; empty features means {@code *}. */
    public static Selection resolve(Schema schema, List<String> features, List<String> exclude) {
        List<String> include = features.isEmpty() ? List.of("*") : features;
        Set<String> explicit = new LinkedHashSet<>();
        for (String p : include) {
            checkPattern(p, schema, "features");
            if (!Glob.isGlob(p)) {
                explicit.add(p);
            }
        }
        for (String p : exclude) {
            checkPattern(p, schema, "exclude");
        }
        List<Field> selected = new ArrayList<>();
        for (Field f : schema.fields()) {
            boolean chosen = explicit.contains(f.name())
                    || matchesAny(include, f.name()) && !matchesAny(exclude, f.name());
            if (chosen) {
                selected.add(f);
            }
        }
        return new Selection(new Schema(selected));
    }

    /** The output columns: {@code id} then the selected fields. */
    public List<Field> columns() {
        List<Field> columns = new ArrayList<>(fields.size() + 1);
        columns.add(new Field(Schema.ID, FieldType.STRING));
        columns.addAll(fields.fields());
        return List.copyOf(columns);
    }

    /** The output column names: {@code id} then the selected fields. */
    public List<String> columnNames() {
        return columns().stream().map(Field::name).toList();
    }

    private static boolean matchesAny(List<String> patterns, String name) {
        for (String p : patterns) {
            if (Glob.matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    private static void checkPattern(String pattern, Schema schema, String list) {
        if (pattern.isBlank()) {
            throw new QueryException("Cannot select fields: an empty name in " + list
                    + " (list field names or globs such as dist*)");
        }
        if (!Glob.isGlob(pattern) && !pattern.equals(Schema.ID) && !schema.contains(pattern)) {
            List<String> known = new ArrayList<>();
            known.add(Schema.ID);
            known.addAll(schema.names());
            throw new QueryException("Cannot select fields: unknown field \"" + Literals.shorten(pattern) + "\" in "
                    + list + " (known fields: " + String.join(", ", known) + ")");
        }
    }
}
