package dev.featurestore.function;

import java.util.List;

/**
 * A feature function written in Java: what a team implements in {@code functions/features}. It runs for one
 * group and one org, may run source SQL through the context, derives its fields and writes one row per
 * entity to its partial. Implementations need a public no-argument constructor and must be stateless
 * (one instance may run for several orgs).
 */
public interface FeatureFunction {

    /** The fields this function produces (besides {@code id}), each declared in the group config. */
    List<String> fields();

    /** Computes the fields for {@code context.org()} and writes them with {@code context.partial()}. */
    void compute(FunctionContext context) throws Exception;
}
