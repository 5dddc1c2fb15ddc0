package dev.featurestore.types;

/** The kinds of field type a group may declare (Athena/Glue names). */
public enum TypeKind {
    STRING, BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP;

    public boolean isNumeric() {
        return this == INT || this == BIGINT || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }
}
