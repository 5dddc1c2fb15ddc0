package dev.featurestore.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who read which fields of a group over a period: per reader (consumer name, else caller identity) the
 * fields it read with read counts and the last read, and the fields of the config that nobody read.
 */
public record UsageReport(String group, int days, long reads, List<Reader> readers, List<String> unread) {
    public UsageReport {
        readers = List.copyOf(readers);
        unread = List.copyOf(unread);
    }

    /** One reader's use of the group: reads, rows, last read, and per field how many reads returned it. */
    public record Reader(String name, long reads, long rows, String lastRead, Map<String, Long> fields) {
        public Reader {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** The report over {@code usage}, with {@code fields} (config order) telling which were never read. */
    public static UsageReport of(String group, int days, List<String> fields, List<UsageRecord> usage) {
        Map<String, List<UsageRecord>> byReader = new TreeMap<>();
        for (UsageRecord u : usage) {
            byReader.computeIfAbsent(u.reader(), k -> new ArrayList<>()).add(u);
        }
        Set<String> read = new LinkedHashSet<>();
        List<Reader> readers = new ArrayList<>();
        for (Map.Entry<String, List<UsageRecord>> e : byReader.entrySet()) {
            Map<String, Long> counts = new TreeMap<>();
            long rows = 0;
            String last = "";
            for (UsageRecord u : e.getValue()) {
                rows += u.rows();
                last = u.at().compareTo(last) > 0 ? u.at() : last;
                for (String f : u.fields()) {
                    counts.merge(f, 1L, Long::sum);
                    read.add(f);
                }
            }
            readers.add(new Reader(e.getKey(), e.getValue().size(), rows, last, counts));
        }
        List<String> unread = new ArrayList<>();
        for (String f : fields) {
            if (!read.contains(f)) {
                unread.add(f);
            }
        }
        return new UsageReport(group, days, usage.size(), readers, unread);
    }

    /** The readers that read {@code field} in this period, by name. */
    public List<String> readersOf(String field) {
        List<String> names = new ArrayList<>();
        for (Reader r : readers) {
            if (r.fields().containsKey(field)) {
                names.add(r.name());
            }
        }
        return names;
    }
}
