package dev.featurestore.config;

import dev.featurestore.function.FeatureFunction;
import java.util.List;
import java.util.Optional;

/**
 * Tells which fields a function produces, for validation before anything runs. The default reads a SQL
 * function's {@code fields:} list when the config has one and asks a Java function's {@link
 * FeatureFunction#fields()} (names only: their types are checked when the partial is written); the local
 * runtime also asks DuckDB to describe SQL functions that list none, with each column's type.
 */
@FunctionalInterface
public interface FunctionOutputs {

    /**
     * @return the produced columns besides {@code id}, or empty when they cannot be known before running
     * @throws IllegalArgumentException with a message naming the fix when the function cannot be loaded
     */
    Optional<List<OutputColumn>> outputs(FunctionSpec function);

    /** Only what the config lists ({@code fields:} of a function), untyped; loads no class (synth time, tests). */
    FunctionOutputs LISTED = function -> function.declaredFields().map(names -> names.stream().map(OutputColumn::named).toList());

    FunctionOutputs DECLARED = function -> (switch (function) {
        case FunctionSpec.Sql sql -> sql.declaredFields();
        case FunctionSpec.Java java -> Optional.of(FeatureFunctionLoader.instantiate(java.className()).fields());
    }).map(names -> names.stream().map(OutputColumn::named).toList());
}
