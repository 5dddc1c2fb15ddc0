package dev.featurestore.query;

import dev.featurestore.types.Schema;
import java.util.Objects;
import java.util.Optional;

/**
 * A get-features query checked against the schema of the group for its org: the columns to return and the
 * filter tree (empty for no filter). Engines render it with {@link SqlRenderer}.
 */
public record QueryPlan(FeatureQuery query, Schema schema, Selection selection, Optional<Expr> filter) {

    public QueryPlan {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(filter, "filter");
    }

    /** Resolves the selection and parses the filters; throws QueryException naming the problem. */
    public static QueryPlan of(FeatureQuery query, Schema schema) {
        Selection selection = Selection.resolve(schema, query.features(), query.exclude(), query.pii());
        Optional<Expr> filter = FilterParser.parseAll(query.filters(), schema);
        return new QueryPlan(query, schema, selection, filter);
    }
}
