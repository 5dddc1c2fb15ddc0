package dev.featurestore.config;

import dev.featurestore.types.FieldType;
import java.util.Optional;

/**
 * A function output column's type as its engine names it (e.g. DuckDB's {@code BIGINT}), and whether the merge
 * can read it as a declared field type (the cast matrix of docs/merge.md).
 */
public interface OutputType {

    /** The type in the engine's own words, e.g. {@code BIGINT} or {@code DECIMAL(12,2)}. */
    String engineName();

    /** Whether the merge reads this type as {@code declared} (narrowing casts are then checked per value). */
    boolean readableAs(FieldType declared);

    /** The field type to declare for this column as it is, when there is one. */
    Optional<FieldType> fittingFieldType();

    /** The SQL that casts {@code column} to {@code declared}, e.g. {@code CAST(sales AS VARCHAR)}. */
    String castSql(String column, FieldType declared);
}
