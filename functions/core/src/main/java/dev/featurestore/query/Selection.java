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
 * The columns a get-features request returns: {@code id} always, then the fields named explicitly in
 * {@code features} in the order they were asked for, then the fields selected by globs in schema (config) order
 * ({@code features: distance,gender} gives {@code id, distance, gender}, as a pandas user expects).
 *
 * <p>Rule (docs/query.md §1): a field is selected when it matches any {@code features} pattern (default {@code *}) and
 * no {@code exclude} pattern — except fields named explicitly (without wildcards) in {@code features}, which
 * are selected whatever {@code exclude} says. Patterns are globs with {@code *} (any run) and {@code ?} (one
 * character). A name without wildcards must be a field of the group (or {@code id}); a glob that matches
 * nothing is not an error, since orgs of one group may have different fields. Fields marked {@code pii: true}
 * in the config are never selected by a glob, only by their name (docs/catalog.md).
 */
public record Selection(Schema fields) {

    public Selection {
        java.util.Objects.requireNonNull(fields, "fields");
    }

    /** Resolves {@code features} minus {@code exclude} against a group's schema; empty features means {@code *}. */
    public static Selection resolve(Schema schema, List<String> features, List<String> exclude) {
        return resolve(schema, features, exclude, List.of());
    }

    /** As {@link #resolve(Schema, List, List)}, leaving the {@code pii} fields out unless named explicitly. */
    public static Selection resolve(Schema schema, List<String> features, List<String> exclude, List<String> pii) {
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
        for (String name : explicit) {
            schema.fields().stream().filter(f -> f.name().equals(name)).findFirst().ifPresent(selected::add);
        }
        for (Field f : schema.fields()) {
            if (!explicit.contains(f.name()) && !pii.contains(f.name()) && matchesAny(include, f.name())
                    && !matchesAny(exclude, f.name())) {
                selected.add(f);
            }
        }
        return new Selection(new Schema(selected));
    }

    /**
     * What the user should hear about a selection that is valid but probably not what they meant: each pattern
     * they typed (in {@code features} or {@code exclude}) that matches no field of this schema, e.g.
     * {@code features pattern "return*" matches no field}. The default {@code *} of an empty {@code features} is
     * not the user's and is never reported.
     */
    public static List<String> warnings(Schema schema, List<String> features, List<String> exclude) {
        List<String> warnings = new ArrayList<>();
        for (String p : features) {
            if (Glob.isGlob(p) && schema.fields().stream().noneMatch(f -> Glob.matches(p, f.name()))) {
                warnings.add(unmatched("features", p));
            }
        }
        for (String p : exclude) {
            if (Glob.isGlob(p) && schema.fields().stream().noneMatch(f -> Glob.matches(p, f.name()))) {
                warnings.add(unmatched("exclude", p));
            }
        }
        return List.copyOf(warnings);
    }

    private static String unmatched(String list, String pattern) {
        return list + " pattern \"" + Literals.shorten(pattern) + "\" matches no field";
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
