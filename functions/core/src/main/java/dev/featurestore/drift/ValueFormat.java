package dev.featurestore.drift;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formats bin bounds for people: dates and timestamps as such, numbers with four significant digits. */
final class ValueFormat {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ValueFormat() {
    }

    /** Like {@link #format(String, double)}, timestamps to the day when {@code resolution} is a day or more. */
    static String format(String type, double value, double resolution) {
        if ("timestamp".equals(type) && resolution >= 86_400e6) {
            return LocalDate.ofEpochDay(Math.floorDiv((long) value, 86_400_000_000L)).toString();
        }
        return format(type, value);
    }

    static String format(String type, double value) {
        if ("date".equals(type)) {
            return LocalDate.ofEpochDay(Math.round(value)).toString();
        }
        if ("timestamp".equals(type)) {
            return MINUTES.format(Instant.EPOCH.plusSeconds(Math.floorDiv((long) value, 1_000_000L)));
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        String s = String.format(Locale.ROOT, "%.4g", value);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
