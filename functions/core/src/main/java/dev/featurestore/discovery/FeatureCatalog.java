package dev.featurestore.discovery;

import dev.featurestore.config.Docs;
import java.util.List;

/**
 * Every group and field a team can read, with its documentation, the current version per org, per-field
 * statistics and drift flags from the manifests, and who read it lately. Rendered as the catalog page
 * ({@code featurestore catalog --html}, {@code GET /catalog}) and as JSON.
 *
 * @param generatedAt ISO-8601 instant the catalog was built
 * @param usageDays   the period the readers were taken from
 */
public record FeatureCatalog(String generatedAt, int usageDays, List<Group> groups) {
    public FeatureCatalog {
        groups = List.copyOf(groups);
    }

    public record Group(String name, Docs docs, List<Org> orgs, List<Field> fields) {
        public Group {
            orgs = List.copyOf(orgs);
            fields = List.copyOf(fields);
        }
    }

    /**
     * An org's current version of the group; {@code version} is empty when none is published yet.
     *
     * @param drift the drift summary against the previous version ("" when there is no previous one)
     */
    public record Org(String org, String version, long rows, String createdAt, boolean drifted, String drift) {
    }

    /** A field as declared (for any org), with its readers and its statistics per org's current version. */
    public record Field(String name, String type, Docs docs, List<String> orgs, List<String> readers,
                        List<FieldStats> stats) {
        public Field {
            orgs = List.copyOf(orgs);
            readers = List.copyOf(readers);
            stats = List.copyOf(stats);
        }
    }

    /** One org's statistics of a field: null rate, a one-line distribution summary and the drift flag. */
    public record FieldStats(String org, double nullRate, String summary, boolean drifted) {
    }

    public int fieldCount() {
        return groups.stream().mapToInt(g -> g.fields().size()).sum();
    }
}
