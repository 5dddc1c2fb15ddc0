package dev.featurestore.function;

import dev.featurestore.types.Schema;

/** What a {@link FeatureFunction} sees of the run: the org, its params, the source tables and its partial. */
public interface FunctionContext {

    String group();

    String org();

    String runId();

    /** The org's params (group defaults merged with the org's overrides). */
    Params params();

    /** The fields this function must write, with their declared types, in the order of {@link #fields()}. */
    Schema fields();

    /**
     * Runs a SELECT over the source tables (locally DuckDB over the sample sources, on AWS Athena) and
     * returns its rows. The caller closes the result.
     */
    SourceRows query(String sql);

    /** The writer of this function's partial: one {@code write(id, values...)} per entity. */
    PartialWriter partial();
}
