package dev.featurestore.drift;

/** One side of a comparison: the version id and its row count. */
public record VersionSummary(String version, long rows) {
}
