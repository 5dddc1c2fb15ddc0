package dev.featurestore.local.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Times and durations for people: {@code 2026-11-25 04:00:09} (UTC, whole seconds) and {@code 9.2 s}, {@code 2 min 05 s}. */
final class HumanTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private HumanTime() {
    }

    /** An ISO-8601 instant as {@code yyyy-MM-dd HH:mm:ss} UTC; text that is not an instant is returned as is. */
    static String at(String iso) {
        try {
            return SECONDS.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** The time between two ISO-8601 instants, or "-" when either is not one. */
    static String between(String fromIso, String toIso) {
        try {
            return duration(Duration.between(Instant.parse(fromIso), Instant.parse(toIso)));
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
