package dev.featurestore.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who read a field lately, from the usage log: the consumers (or callers) whose reads in the last {@code days}
 * days returned it. {@code plan} and {@code validate} name them next to a change that removes or retypes the
 * field. Each group's log is read once.
 */
public final class FieldReaders {
    /** How far back {@code plan} and {@code validate} look for the readers of a field a change breaks. */
    public static final int DEFAULT_DAYS = 30;

    private final UsageLog usage;
    private final int days;
    private final Map<String, List<UsageRecord>> byGroup = new HashMap<>();

    public FieldReaders(UsageLog usage, int days) {
        this.usage = usage;
        this.days = days;
    }

    public int days() {
        return days;
    }

    /** The readers of {@code field} of {@code group} in the period, by name; empty when nobody read it. */
    public List<String> of(String group, String field) {
        List<UsageRecord> records = byGroup.computeIfAbsent(group, g -> usage.read(g, days));
        return UsageReport.of(group, days, List.of(field), records).readersOf(field);
    }
}
