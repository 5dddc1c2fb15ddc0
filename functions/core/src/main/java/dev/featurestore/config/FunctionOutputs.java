package dev.featurestore.config;

import dev.featurestore.function.FeatureFunction;
import java.util.List;
import java.util.Optional;

/**
 * Tells which fields a function produces, for validation before anything runs. The default reads a SQL
 * function's {@code fields:} list when the config has one and asks a Java function's {@link
 * FeatureFunction#fields()}; the local runtime also asks DuckDB to describe SQL functions that list none.
 */
@FunctionalInterface
public interface FunctionOutputs {

    /**
     * @return the produced fields, or empty when they cannot be known before running
     * @throws IllegalArgumentException with a message naming the fix when the function cannot be loaded
     */
    Optional<List<String>> outputs(FunctionSpec function);

    FunctionOutputs DECLARED = function -> switch (function) {
        case FunctionSpec.Sql sql -> sql.declaredFields();
        case FunctionSpec.Java java -> Optional.of(FeatureFunctionLoader.instantiate(java.className()).fields());
    };
}
