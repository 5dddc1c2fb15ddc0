package dev.featurestore.calculate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The one rule for which source tables a run read, on both runtimes: a source table is read when its name appears
 * as a whole identifier (case-insensitive; bare, quoted or qualified as {@code db.table}) in a query the run's
 * functions sent (SQL functions' SELECTs and Java functions' queries, as the manifest records them). A name that
 * only appears inside a string or comment counts too: the rule may record a table too many, never one too few.
 */
public final class SourceTables {
    private SourceTables() {
    }

    /** The names among {@code tables} that {@code queries} read, in the order of {@code tables}. */
    public static List<String> readBy(Collection<String> tables, Collection<String> queries) {
        List<String> lowered = queries.stream().map(q -> q.toLowerCase(Locale.ROOT)).toList();
        List<String> read = new ArrayList<>();
        for (String table : tables) {
            String name = table.toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && lowered.stream().anyMatch(q -> namesIdentifier(q, name))) {
                read.add(table);
            }
        }
        return read;
    }

    private static boolean namesIdentifier(String sql, String name) {
        for (int at = sql.indexOf(name); at >= 0; at = sql.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !identifierChar(sql.charAt(at - 1))) && (end == sql.length() || !identifierChar(sql.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
