package dev.featurestore.config;

/**
 * Per-group drift thresholds: a field is flagged when its population stability index exceeds {@code psi}
 * or its null rate moves by more than {@code nullRate} (absolute, 0..1).
 */
public record DriftSettings(double psi, double nullRate) {
    public static final DriftSettings DEFAULT = new DriftSettings(0.2, 0.05);
}
