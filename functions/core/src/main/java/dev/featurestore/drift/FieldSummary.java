package dev.featurestore.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.featurestore.stats.ColumnStats;

/**
 * Summary numbers of one field in one version, from its stored statistics: nulls, distinct values (strings:
 * HyperLogLog estimate; booleans: exact; absent for numbers, which keep quantiles instead), and min, max and
 * mean of numbers (dates as epoch days, timestamps as epoch microseconds; booleans: mean = share of true).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldSummary(long nulls, Long distinct, Double min, Double max, Double mean) {

    static FieldSummary of(ColumnStats s) {
        if (s == null) {
            return null;
        }
        if (s.numeric() != null) {
            return new FieldSummary(s.nulls(), null, s.numeric().min(), s.numeric().max(), s.numeric().mean());
        }
        if (s.strings() != null) {
            return new FieldSummary(s.nulls(), s.strings().distinct(), null, null, null);
        }
        if (s.booleans() != null) {
            long t = s.booleans().trueCount();
            long f = s.booleans().falseCount();
            long distinct = (t > 0 ? 1 : 0) + (f > 0 ? 1 : 0);
            return new FieldSummary(s.nulls(), distinct, null, null, t + f == 0 ? null : (double) t / (t + f));
        }
        return new FieldSummary(s.nulls(), null, null, null, null);
    }

    /** A value of this summary as a person reads it for a field of {@code type} ("-" when absent). */
    public static String format(String type, Double value) {
        return value == null ? "-" : ValueFormat.format(type, value);
    }
}
