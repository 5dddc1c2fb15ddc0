package dev.featurestore.discovery;

import dev.featurestore.config.Docs;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.DriftService;
import dev.featurestore.drift.FieldDrift;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.types.Field;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.ManifestStats;
import dev.featurestore.version.VersionInfo;
import dev.featurestore.version.VersionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link FeatureCatalog} from the group configs, each org's versions (current and previous
 * manifest: statistics and drift, no data read) and the usage log. Docs are those the published version
 * recorded (what a field meant when its data was calculated: after a rollback, the old version's), the newest
 * published version among the orgs deciding; a field no published version has, or versions written before docs
 * were recorded, show the config's. A group or org whose manifests cannot be
 * read still appears, without statistics, and the cause is logged: the catalog is for browsing, not a check.
 */
public final class FeatureCatalogBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCatalogBuilder.class);

    private final VersionStore versions;
    private final Optional<UsageLog> usage;
    private final int usageDays;
    private final Clock clock;

    private FeatureCatalogBuilder(VersionStore versions, Optional<UsageLog> usage, int usageDays, Clock clock) {
        this.versions = versions;
        this.usage = usage;
        this.usageDays = usageDays;
        this.clock = clock;
    }

    public static FeatureCatalogBuilder create(VersionStore versions, Optional<UsageLog> usage, int usageDays, Clock clock) {
        return new FeatureCatalogBuilder(versions, usage, usageDays, clock);
    }

    public FeatureCatalog build(List<GroupConfig> groups) {
        List<FeatureCatalog.Group> out = new ArrayList<>();
        for (GroupConfig g : groups) {
            out.add(group(g));
        }
        return new FeatureCatalog(clock.instant().toString(), usageDays, out);
    }

    private FeatureCatalog.Group group(GroupConfig config) {
        List<FeatureCatalog.Org> orgs = new ArrayList<>();
        Map<String, List<FeatureCatalog.FieldStats>> statsByField = new LinkedHashMap<>();
        Map<String, Field> fields = new LinkedHashMap<>();
        Map<String, List<String>> orgsByField = new LinkedHashMap<>();
        List<Manifest> published = new ArrayList<>();
        for (String org : config.orgNames()) {
            ResolvedGroup resolved = config.forOrg(org);
            for (Field f : resolved.fields().fields()) {
                fields.putIfAbsent(f.name(), f);
                orgsByField.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(org);
            }
            orgs.add(org(resolved, statsByField, published));
        }
        published.sort(java.util.Comparator.comparing(FeatureCatalogBuilder::createdAt).reversed());
        UsageReport report = usage.map(u -> UsageReport.of(config.name(), usageDays, List.copyOf(fields.keySet()),
                u.read(config.name(), usageDays))).orElse(null);
        List<FeatureCatalog.Field> entries = new ArrayList<>();
        for (Field f : fields.values()) {
            entries.add(new FeatureCatalog.Field(f.name(), f.type().sqlName(), fieldDocs(config, f.name(), published),
                    orgsByField.get(f.name()), report == null ? List.of() : report.readersOf(f.name()),
                    statsByField.getOrDefault(f.name(), List.of())));
        }
        Docs groupDocs = published.stream().filter(m -> m.docs() != null).findFirst()
                .map(m -> m.docs().groupDocs()).orElse(config.docs().group());
        return new FeatureCatalog.Group(config.name(), groupDocs, orgs, entries);
    }

    /** When the version was created (ISO instants differ in their fraction digits, so they are compared parsed). */
    private static java.time.Instant createdAt(Manifest m) {
        try {
            return java.time.Instant.parse(m.createdAt());
        } catch (RuntimeException e) {
            return java.time.Instant.EPOCH; // unreadable: the oldest
        }
    }

    /** The field's docs as the newest published version that has the field recorded them, else the config's. */
    private static Docs fieldDocs(GroupConfig config, String field, List<Manifest> published) {
        for (Manifest m : published) {
            if (m.schema().stream().anyMatch(c -> c.name().equals(field))) {
                return m.docs() == null ? config.docs().field(field) : m.docs().field(field);
            }
        }
        return config.docs().field(field);
    }

    private FeatureCatalog.Org org(ResolvedGroup group, Map<String, List<FeatureCatalog.FieldStats>> statsByField,
                                   List<Manifest> published) {
        String name = group.group();
        String org = group.org();
        try {
            Optional<String> current = versions.current(name, org);
            if (current.isEmpty()) {
                return new FeatureCatalog.Org(org, "", 0, "", false, "");
            }
            Manifest manifest = versions.manifest(name, org, current.get());
            published.add(manifest);
            Optional<DriftReport> drift = previous(name, org, current.get())
                    .map(before -> DriftService.compare(before, manifest, group.drift()));
            Set<String> flagged = new HashSet<>(drift.map(DriftReport::flagged).orElse(List.of()));
            for (Map.Entry<String, ColumnStats> e : ManifestStats.read(manifest).entrySet()) {
                ColumnStats s = e.getValue();
                statsByField.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new FeatureCatalog.FieldStats(
                        org, s.nullRate(), StatsSummary.of(s), flagged.contains(e.getKey())));
            }
            return new FeatureCatalog.Org(org, manifest.version(), manifest.rowCount(), manifest.createdAt(),
                    !flagged.isEmpty(), drift.map(DriftReport::summary).orElse(""));
        } catch (RuntimeException e) {
            LOG.warn("Catalog shows group '{}' for org '{}' without statistics: {}", name, org, e.getMessage());
            return new FeatureCatalog.Org(org, "", 0, "", false, "unreadable: " + e.getMessage());
        }
    }

    /** The version created just before {@code version}, by id order (ids sort by creation time). */
    private Optional<Manifest> previous(String group, String org, String version) {
        Manifest before = null;
        for (VersionInfo v : versions.versions(group, org)) {
            if (v.version().compareTo(version) < 0) {
                before = v.manifest();
            }
        }
        return Optional.ofNullable(before);
    }
}
