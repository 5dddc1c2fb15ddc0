package dev.featurestore.query;

/** The SQL engines filters are rendered for. */
public enum SqlDialect {
    /** DuckDB (local mode). */
    DUCKDB,
    /** Athena engine v3 (Trino). */
    ATHENA
}
