package dev.featurestore.drift;

import dev.featurestore.config.DriftSettings;
import java.util.List;

/**
 * Drift of a group's data from the {@code from} version (the baseline) to the {@code to} version: one entry
 * per field of either version, and the names of the flagged fields. {@code identicalData}: the versions'
 * content checksums are equal. {@code configChanges}: what changed in the config between them, from their
 * manifests (empty: nothing; null: not known, for a report made from statistics alone). The JSON body of
 * {@code GET /groups/{group}/drift}.
 */
public record DriftReport(String group, String org, VersionSummary from, VersionSummary to,
                          DriftSettings thresholds, List<FieldDrift> fields, List<String> flagged,
                          boolean identicalData, List<ConfigChange> configChanges) {
    public DriftReport {
        fields = List.copyOf(fields);
        flagged = List.copyOf(flagged);
        configChanges = configChanges == null ? null : List.copyOf(configChanges);
    }

    /** A report from statistics alone: not known to be identical, config changes unknown (null). */
    public DriftReport(String group, String org, VersionSummary from, VersionSummary to, DriftSettings thresholds,
                       List<FieldDrift> fields, List<String> flagged) {
        this(group, org, from, to, thresholds, fields, flagged, false, null);
    }

    /**
     * This report for versions whose content checksums are equal ({@code identical}: same rows, same values, so
     * nothing is flagged; PSI and histograms still show what the statistics sketches estimate) and the config
     * changes between them.
     */
    DriftReport with(boolean identical, List<ConfigChange> changes) {
        return new DriftReport(group, org, from, to, thresholds, fields, identical ? List.of() : flagged, identical, changes);
    }

    /** One line for listings, e.g. {@code 2 of 15 flagged: distance, city}, {@code stable (max psi 0.031)} or {@code identical data}. */
    public String summary() {
        if (identicalData) {
            return "identical data";
        }
        if (!flagged.isEmpty()) {
            return flagged.size() + " of " + fields.size() + " flagged: " + String.join(", ", flagged);
        }
        double max = 0;
        for (FieldDrift f : fields) {
            if (f.psi() != null) {
                max = Math.max(max, f.psi());
            }
        }
        return String.format(java.util.Locale.ROOT, "stable (max psi %.3f)", max);
    }
}
