package dev.featurestore.reproduce;

import java.util.List;

/**
 * The outcome of rebuilding a version from its recorded config, params and functions: {@code identical} when
 * the rebuilt data's content checksum equals the recorded one; otherwise the fields whose summary statistics
 * differ. Either way, what changed since the version was built: its sources ({@code sourceChanges}, empty when
 * unchanged) and the code ({@code codeChange}, null when the same commit).
 */
public record ReproduceReport(String group, String org, String version, boolean identical, long recordedRows, long rebuiltRows,
                              String recordedChecksum, String rebuiltChecksum, List<String> differingFields,
                              List<String> sourceChanges, String codeChange) {
    public ReproduceReport {
        differingFields = List.copyOf(differingFields);
        sourceChanges = List.copyOf(sourceChanges);
    }
}
