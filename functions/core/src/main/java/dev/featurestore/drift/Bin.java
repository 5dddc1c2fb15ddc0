package dev.featurestore.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One bin of a distribution in both versions: {@code from} and {@code to} are shares (0..1). Numeric bins
 * cover {@code (lower, upper]} (absent bound: unbounded); categorical and boolean bins have only a label.
 * {@code psi} is this bin's term of the population stability index, on PSI bins only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bin(String label, Double lower, Double upper, double from, double to, Double psi) {
}
