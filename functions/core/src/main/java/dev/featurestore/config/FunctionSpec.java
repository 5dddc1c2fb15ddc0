package dev.featurestore.config;

import java.util.List;
import java.util.Optional;

/** A feature function as declared in a group config: a SQL file or a Java class. */
public sealed interface FunctionSpec permits FunctionSpec.Sql, FunctionSpec.Java {

    /** Unique within a resolved group; names the partial file ({@code <name>.parquet}). */
    String name();

    /** The fields the config says it produces, when the config lists them ({@code fields: [...]}). */
    Optional<List<String>> declaredFields();

    /** A SELECT over the source tables returning {@code id} + fields; {@code path} is relative to config/. */
    record Sql(String name, String path, String sql, Optional<List<String>> declaredFields) implements FunctionSpec {
        public Sql {
            declaredFields = declaredFields.map(List::copyOf);
        }
    }

    /** A class implementing {@link dev.featurestore.function.FeatureFunction}. */
    record Java(String name, String className, Optional<List<String>> declaredFields) implements FunctionSpec {
        public Java {
            declaredFields = declaredFields.map(List::copyOf);
        }
    }
}
