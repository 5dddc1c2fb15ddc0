package dev.featurestore.discovery;

import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.NumericStats;
import dev.featurestore.stats.StringStats;
import dev.featurestore.stats.TopValue;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line that tells a reader what a column holds: mean/min/max, distinct and top values, or true share. */
final class StatsSummary {
    private StatsSummary() {
    }

    static String of(ColumnStats s) {
        if (s.count() == 0) {
            return "all null";
        }
        if (s.numericStats().isPresent()) {
            NumericStats n = s.numeric();
            if (s.type().equals("date") || s.type().equals("timestamp")) {
                return "from " + value(s.type(), n.min()) + " to " + value(s.type(), n.max());
            }
            return "mean " + number(n.mean()) + ", min " + number(n.min()) + ", max " + number(n.max());
        }
        if (s.stringStats().isPresent()) {
            StringStats st = s.strings();
            List<String> top = new ArrayList<>();
            for (TopValue t : st.top().subList(0, Math.min(3, st.top().size()))) {
                top.add(t.value() + " " + percent((double) t.count() / s.count()));
            }
            return "~" + String.format(Locale.ROOT, "%,d", st.distinct()) + " distinct"
                    + (top.isEmpty() ? "" : "; top: " + String.join(", ", top));
        }
        if (s.booleanStats().isPresent()) {
            return "true " + percent((double) s.booleans().trueCount() / s.count());
        }
        return String.format(Locale.ROOT, "%,d values", s.count());
    }

    private static String value(String type, double v) {
        if (type.equals("date")) {
            return LocalDate.ofEpochDay((long) v).toString();
        }
        return Instant.ofEpochSecond(0, (long) v * 1000).toString();
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
