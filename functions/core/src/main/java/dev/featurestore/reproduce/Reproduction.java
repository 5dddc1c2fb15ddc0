package dev.featurestore.reproduce;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.DataException;
import dev.featurestore.function.Params;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.NumericStats;
import dev.featurestore.version.Lineage;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rebuilding a version: the group as it was configured for it (from its manifest's schema and lineage, not from
 * today's config files), and the comparison of the rebuilt version with the recorded one.
 */
public final class Reproduction {
    private Reproduction() {
    }

    /**
     * The resolved group a version was built from. Its config hash equals the manifest's when the lineage is
     * complete (checked: a mismatch is a {@link DataException}). A manifest without lineage (written before lineage was
     * recorded) cannot be reproduced: a {@link ConflictException}.
     */
    public static ResolvedGroup groupOf(Manifest m) {
        Lineage l = m.lineage();
        if (l == null || l.functions().isEmpty()) {
            throw new ConflictException("Cannot reproduce version '" + m.version() + "' of group '" + m.group() + "' for org '" + m.org()
                    + "': its manifest records no lineage (it was calculated before lineage was recorded; calculate again to get a reproducible version)");
        }
        List<FunctionSpec> functions = new ArrayList<>();
        for (Lineage.FunctionConfig f : l.functions()) {
            Optional<List<String>> declared = Optional.ofNullable(f.declaredFields());
            functions.add(f.kind().equals("sql")
                    ? new FunctionSpec.Sql(f.name(), f.path() == null ? f.name() + ".sql" : f.path(), f.source(), declared)
                    : new FunctionSpec.Java(f.name(), f.source(), declared));
        }
        ResolvedGroup group = new ResolvedGroup(m.group(), m.org(), m.fields(), functions, new Params(l.params()), DriftSettings.DEFAULT);
        if (!group.configHash().equals(m.configHash())) {
            throw new DataException("Cannot reproduce version '" + m.version() + "' of group '" + m.group() + "' for org '" + m.org()
                    + "': the recorded lineage does not hash to the manifest's config hash (" + m.configHash().substring(0, 12) + " vs "
                    + group.configHash().substring(0, 12) + "; the manifest is incomplete or was edited)");
        }
        return group;
    }

    /**
     * Compares the rebuilt version with the recorded one, and the sources and code now with those recorded; the
     * sources now are those the rebuild fingerprinted (its lineage), by the same rule as the recorded ones.
     */
    public static ReproduceReport compare(Manifest recorded, Manifest rebuilt, Lineage.CodeVersion codeNow) {
        return compare(recorded, rebuilt, rebuilt.lineage() == null ? List.of() : rebuilt.lineage().sources(), codeNow);
    }

    /** Compares the rebuilt version with the recorded one, and the sources and code now with those recorded. */
    public static ReproduceReport compare(Manifest recorded, Manifest rebuilt, List<Lineage.SourceFingerprint> sourcesNow,
                                          Lineage.CodeVersion codeNow) {
        boolean identical = recorded.contentChecksum() != null && recorded.contentChecksum().equals(rebuilt.contentChecksum())
                && recorded.rowCount() == rebuilt.rowCount();
        List<String> fields = identical ? List.of() : differingFields(recorded, rebuilt);
        Lineage.CodeVersion codeThen = recorded.lineage() == null ? null : recorded.lineage().code();
        String codeChange = codeThen == null || Objects.equals(codeThen.gitCommit(), codeNow.gitCommit()) ? null
                : codeThen.gitCommit() + " → " + codeNow.gitCommit();
        return new ReproduceReport(recorded.group(), recorded.org(), recorded.version(), identical, recorded.rowCount(), rebuilt.rowCount(),
                recorded.contentChecksum(), rebuilt.contentChecksum(), fields,
                sourceChanges(recorded.lineage() == null ? List.of() : recorded.lineage().sources(), sourcesNow), codeChange);
    }

    /** Fields whose count, nulls, min, max, mean (to 1e-9 relative), distinct or true/false counts differ. */
    static List<String> differingFields(Manifest recorded, Manifest rebuilt) {
        Map<String, ColumnStats> a = ManifestStats.read(recorded);
        Map<String, ColumnStats> b = ManifestStats.read(rebuilt);
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> differ = new ArrayList<>();
        for (String name : names) {
            Optional<String> how = difference(a.get(name), b.get(name));
            how.ifPresent(h -> differ.add(name + " (" + h + ")"));
        }
        return differ;
    }

    private static Optional<String> difference(ColumnStats a, ColumnStats b) {
        if (a == null || b == null) {
            return Optional.of(a == null ? "only in the rebuilt version" : "missing from the rebuilt version");
        }
        if (a.count() != b.count() || a.nulls() != b.nulls()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "values %,d → %,d, nulls %,d → %,d", a.count(), b.count(), a.nulls(), b.nulls()));
        }
        NumericStats x = a.numeric();
        NumericStats y = b.numeric();
        if (x != null && y != null) {
            if (x.min() != y.min() || x.max() != y.max()) {
                return Optional.of("min/max " + x.min() + "/" + x.max() + " → " + y.min() + "/" + y.max());
            }
            if (Math.abs(x.mean() - y.mean()) > 1e-9 * Math.max(1, Math.abs(x.mean()))) {
                return Optional.of("mean " + x.mean() + " → " + y.mean());
            }
        }
        if (a.strings() != null && b.strings() != null && a.strings().distinct() != b.strings().distinct()) {
            return Optional.of("distinct " + a.strings().distinct() + " → " + b.strings().distinct());
        }
        if (a.booleans() != null && b.booleans() != null && !a.booleans().equals(b.booleans())) {
            return Optional.of("true/false " + a.booleans().trueCount() + "/" + a.booleans().falseCount() + " → "
                    + b.booleans().trueCount() + "/" + b.booleans().falseCount());
        }
        return Optional.empty();
    }

    /** Source tables added, removed or changed (size, hash, ETag or table version) since the version was built. */
    static List<String> sourceChanges(List<Lineage.SourceFingerprint> then, List<Lineage.SourceFingerprint> now) {
        Map<String, Lineage.SourceFingerprint> a = byLocation(then);
        Map<String, Lineage.SourceFingerprint> b = byLocation(now);
        Set<String> locations = new LinkedHashSet<>(a.keySet());
        locations.addAll(b.keySet());
        List<String> changes = new ArrayList<>();
        for (String location : locations) {
            Lineage.SourceFingerprint x = a.get(location);
            Lineage.SourceFingerprint y = b.get(location);
            if (x == null) {
                changes.add(y.table() + ": " + location + " added");
            } else if (y == null) {
                changes.add(x.table() + ": " + location + " removed");
            } else if (!Objects.equals(x.tableVersion(), y.tableVersion())) {
                changes.add(x.table() + ": " + location + " changed (Glue table version " + x.tableVersion() + " → " + y.tableVersion() + ")");
            } else if (!Objects.equals(x.etag(), y.etag())) {
                changes.add(x.table() + ": " + location + " changed (ETag " + x.etag() + " → " + y.etag() + ")");
            } else if (!Objects.equals(x.bytes(), y.bytes()) || !Objects.equals(x.sha256(), y.sha256())
                    || !Objects.equals(x.objects(), y.objects())) {
                changes.add(x.table() + ": " + location + " changed");
            }
        }
        return changes;
    }

    private static Map<String, Lineage.SourceFingerprint> byLocation(List<Lineage.SourceFingerprint> sources) {
        Map<String, Lineage.SourceFingerprint> m = new LinkedHashMap<>();
        for (Lineage.SourceFingerprint s : sources) {
            m.put(s.location(), s);
        }
        return m;
    }
}
