package dev.featurestore.trainingset;

import java.time.Instant;

/** From {@code from} (inclusive) until the next validity's start, event times read {@code version}. */
public record Validity(Instant from, String version) {
}
