package dev.featurestore.drift;

import dev.featurestore.config.DriftSettings;
import java.util.List;

/**
 * Drift of a group's data from the {@code from} version (the baseline) to the {@code to} version: one entry
 * per field of either version, and the names of the flagged fields. The JSON body of
 * {@code GET /groups/{group}/drift}.
 */
public record DriftReport(String group, String org, VersionSummary from, VersionSummary to,
                          DriftSettings thresholds, List<FieldDrift> fields, List<String> flagged) {
    public DriftReport {
        fields = List.copyOf(fields);
        flagged = List.copyOf(flagged);
    }

    /** One line for listings, e.g. {@code 2 of 15 flagged: distance, city} or {@code stable (max psi 0.031)}. */
    public String summary() {
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
