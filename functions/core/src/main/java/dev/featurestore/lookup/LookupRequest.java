package dev.featurestore.lookup;

import dev.featurestore.error.UsageException;
import dev.featurestore.query.FeatureQuery;
import java.util.List;
import java.util.Objects;

/**
 * A lookup of entities by id: the query's group, org, version/as-of and features/exclude, the ids (at most
 * {@link #MAX_IDS}), and whether unknown ids come back as rows of nulls ({@code includeMissing}) or not at all.
 */
public record LookupRequest(FeatureQuery query, List<String> ids, boolean includeMissing) {

    /** Most ids one request may name. */
    public static final int MAX_IDS = 100_000;

    public LookupRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(ids, "ids");
        checkCount(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                throw new UsageException("Cannot look up ids: ids[" + i + "] is null (ids are strings)");
            }
        }
        ids = List.copyOf(ids);
        if (!query.filters().isEmpty()) {
            throw new UsageException("Cannot look up ids with filters: combining ids and filters is not supported yet"
                    + " (look the ids up, then filter the rows; or read with filters only)");
        }
        if (query.limit().isPresent()) {
            throw new UsageException("Cannot look up ids with a limit (the ids already bound the rows; drop limit)");
        }
    }

    /** Rejects more than {@link #MAX_IDS} ids, naming the cap and the route for more. */
    public static void checkCount(long count) {
        if (count > MAX_IDS) {
            throw new UsageException("Cannot look up " + count + " ids: at most " + MAX_IDS + " per request (split them into"
                    + " several requests, or read the whole version as Parquet — format parquet, or get --out FILE.parquet —"
                    + " and join it with your ids)");
        }
    }
}
