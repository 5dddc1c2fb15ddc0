package dev.featurestore.local.duckdb;

/** Quoting for the few names and paths this module puts into SQL itself (never user filter text). */
public final class Sql {
    private Sql() {
    }

    /** A single-quoted string literal. */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A double-quoted identifier. */
    public static String identifier(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A DuckDB list of string literals, e.g. for {@code read_parquet([...])}. */
    public static String literalList(java.util.Collection<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (String s : items) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(literal(s));
        }
        return b.append(']').toString();
    }

    /**
     * {@code read_parquet(...)} of files, with hive partitioning off: lake paths contain {@code org=} and
     * {@code version=} segments, which DuckDB would otherwise add as columns.
     */
    public static String readParquet(java.util.Collection<String> files) {
        return "read_parquet(" + literalList(files) + ", hive_partitioning = false)";
    }

    public static String readParquet(java.nio.file.Path file) {
        return readParquet(java.util.List.of(file.toAbsolutePath().toString()));
    }
}
