package dev.featurestore.drift;

import dev.featurestore.stats.ColumnStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What drift needs of one version: its id, row count and per-field statistics (in field order). */
public record VersionStats(String version, long rows, Map<String, ColumnStats> columns) {
    public VersionStats {
        Objects.requireNonNull(version, "version");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }
}
