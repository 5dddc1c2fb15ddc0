package dev.featurestore.drift;

/**
 * One difference between the configs two versions were built from, read from their manifests: {@code kind}
 * is {@code field}, {@code function}, {@code param} or {@code code}; {@code name} what changed; {@code change}
 * how, e.g. {@code type int → bigint}, {@code SQL changed}, {@code 52.52 → 48.85}.
 */
public record ConfigChange(String kind, String name, String change) {
    @Override
    public String toString() {
        return kind + " " + name + ": " + change;
    }
}
