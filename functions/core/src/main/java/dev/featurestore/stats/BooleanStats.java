package dev.featurestore.stats;

/** True and false counts of a boolean column (nulls are in {@link ColumnStats#nulls()}). */
public record BooleanStats(long trueCount, long falseCount) {
}
