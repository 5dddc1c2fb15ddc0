package dev.featurestore.drift;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.DataException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.ids.Identifier;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.version.Layout;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import dev.featurestore.version.VersionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drift between two stored versions of a group and org, from their manifests' statistics only (no data is
 * read). What {@code featurestore drift}, {@code serve}'s and the Lambda's {@code GET /groups/{group}/drift}
 * call. Defaults: {@code to} is the current version, {@code from} the version created just before {@code to}.
 */
public final class DriftService {
    private final VersionStore versions;

    private DriftService(VersionStore versions) {
        this.versions = versions;
    }

    public static DriftService create(VersionStore versions) {
        return new DriftService(versions);
    }

    /** Drift with the group's thresholds ({@code drift:} in its config). */
    public DriftReport compare(ResolvedGroup group, Optional<String> from, Optional<String> to) {
        return compare(group.group(), group.org(), from, to, group.drift());
    }

    public DriftReport compare(String group, String org, Optional<String> from, Optional<String> to,
                               DriftSettings thresholds) {
        Identifier.GROUP.require("compare drift", group);
        Identifier.ORG.require("compare drift", org);
        from.filter(v -> !v.isBlank()).ifPresent(v -> Identifier.VERSION.require("compare drift", v));
        to.filter(v -> !v.isBlank()).ifPresent(v -> Identifier.VERSION.require("compare drift", v));
        String target = to.filter(v -> !v.isBlank()).orElseGet(() -> versions.requireCurrent(group, org));
        String baseline = from.filter(v -> !v.isBlank()).orElseGet(() -> previous(group, org, target));
        if (baseline.equals(target)) {
            throw new dev.featurestore.error.UsageException("Cannot compare version '" + target + "' of group '" + group
                    + "' with itself (choose two different versions: featurestore versions " + group + " --org " + org + ")");
        }
        Manifest before = versions.manifest(group, org, baseline);
        Manifest after = versions.manifest(group, org, target);
        return compare(before, after, thresholds);
    }

    /** Drift between two manifests already read (e.g. a versions listing's drift summary). */
    public static DriftReport compare(Manifest from, Manifest to, DriftSettings thresholds) {
        boolean identical = from.contentChecksum() != null && from.contentChecksum().equals(to.contentChecksum())
                && from.rowCount() == to.rowCount() && from.schema().equals(to.schema());
        return DriftCalculator.compare(to.group(), to.org(), statsOf(from), statsOf(to), thresholds)
                .with(identical, ConfigDiff.between(from, to));
    }

    /** The version ids of a group and org with a manifest, oldest first. */
    public List<String> versionIds(String group, String org) {
        String prefix = Layout.orgPrefix(group, org) + "version=";
        List<String> ids = new ArrayList<>();
        for (String key : versions.objectStore().list(prefix)) {
            if (key.endsWith("/" + Layout.MANIFEST)) {
                ids.add(key.substring(prefix.length(), key.length() - Layout.MANIFEST.length() - 1));
            }
        }
        ids.sort(null);
        return ids;
    }

    private String previous(String group, String org, String version) {
        // in creation order (VersionStore.versions): ids alone misorder two versions made in the same second
        List<String> ids = versions.versions(group, org).stream().map(dev.featurestore.version.VersionInfo::version).toList();
        int i = ids.indexOf(version);
        if (i < 0) {
            versions.manifest(group, org, version); // NotFoundException naming the version and how to list them
        }
        if (i <= 0) {
            throw new NotFoundException("Cannot compare drift of group '" + group + "' for org '" + org + "': version '"
                    + version + "' has no earlier version (calculate again to get a second one, or pass --from and --to)");
        }
        return ids.get(i - 1);
    }

    static VersionStats statsOf(Manifest m) {
        Map<String, ColumnStats> stats = ManifestStats.read(m);
        if (stats.isEmpty() && !m.fields().fields().isEmpty()) {
            throw new DataException("Cannot compare drift with version '" + m.version() + "' of group '" + m.group()
                    + "' for org '" + m.org() + "': its manifest has no statistics (it was calculated without them;"
                    + " calculate the group again to get a version with statistics)");
        }
        Map<String, ColumnStats> columns = new LinkedHashMap<>();
        for (Manifest.Column c : m.schema()) {
            if (c.name().equals(dev.featurestore.types.Schema.ID)) {
                continue;
            }
            ColumnStats s = stats.get(c.name());
            columns.put(c.name(), s != null ? s : new ColumnStats(c.type(), 0, 0, null, null, null));
        }
        return new VersionStats(m.version(), m.rowCount(), columns);
    }
}
