package dev.featurestore.api;

import dev.featurestore.query.QueryPlan;
import java.util.OptionalLong;

/**
 * The port the {@link ReadService} runs checked queries through: DuckDB over the lake's files locally, Athena over
 * the Glue table on AWS. The plan's query names one version (already resolved) and org; the engine only renders
 * the plan with {@link dev.featurestore.query.SqlRenderer} over its source and runs it.
 */
public interface QueryEngine {

    /** Starts the query and returns its rows; failures to start (a missing or corrupt file) throw here. */
    RowCursor select(QueryPlan plan);

    /**
     * As {@link #select(QueryPlan)}, narrowed to the rows whose {@code id} is one of {@code ids} (at most
     * {@link dev.featurestore.lookup.LookupRequest#MAX_IDS}; duplicates allowed) before the plan's filters and limit
     * apply. Ids with filters take this route when they do not fit the filter language's {@code IN} list: DuckDB
     * semi-joins an id list; Athena an {@code IN} list while the statement stays small, else a temporary table.
     */
    RowCursor select(QueryPlan plan, java.util.List<String> ids);

    /**
     * The answer to a Parquet request. {@code serve} answers the file itself; the Lambda lets Athena unload it
     * and answers JSON with presigned URLs (202 with a query id to poll when Athena is slow).
     */
    ApiResponse parquet(QueryPlan plan);

    /** At most this many rows come back inline (JSON, CSV): more is a 413. Empty: no cap (serve streams). */
    OptionalLong inlineRowCap();
}
