package dev.featurestore.stats;

/** One frequent value of a string column and its count. */
public record TopValue(String value, long count) {
}
