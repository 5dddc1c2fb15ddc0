package dev.featurestore.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * The statistics of one column of a version, as stored under {@code "stats"} in its {@code _manifest.json}.
 * {@code count} is the number of non-null values, {@code nulls} the number of nulls (rows = count + nulls).
 * Exactly one of {@code numeric} (int, bigint, float, double, decimal, date as epoch day, timestamp as epoch
 * microseconds), {@code strings} or {@code booleans} is present, by {@code type}; {@code numeric} is absent
 * too when the column holds no finite number. Values, not sketches: drift is computed from these alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnStats(String type, long count, long nulls, NumericStats numeric, StringStats strings,
                          BooleanStats booleans) {
    public ColumnStats {
        Objects.requireNonNull(type, "type");
    }

    public long rows() {
        return count + nulls;
    }

    /** Nulls over rows; 0 for an empty column. */
    public double nullRate() {
        long rows = rows();
        return rows == 0 ? 0 : (double) nulls / rows;
    }

    public Optional<NumericStats> numericStats() {
        return Optional.ofNullable(numeric);
    }

    public Optional<StringStats> stringStats() {
        return Optional.ofNullable(strings);
    }

    public Optional<BooleanStats> booleanStats() {
        return Optional.ofNullable(booleans);
    }
}
