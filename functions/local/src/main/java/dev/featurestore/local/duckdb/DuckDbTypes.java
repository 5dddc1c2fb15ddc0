package dev.featurestore.local.duckdb;

import dev.featurestore.types.FieldType;

/** Declared field types as DuckDB SQL types. */
public final class DuckDbTypes {
    private DuckDbTypes() {
    }

    public static String sqlType(FieldType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
        };
    }
}
