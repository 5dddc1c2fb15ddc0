package dev.featurestore.local.read;

import dev.featurestore.local.duckdb.Sql;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Ids with filters, locally: the checked query (selection and filters, rendered from the tree) narrowed to the
 * ids by a semi-join with the id list, in DuckDB. Rows come in the engine's order, one per matching id.
 */
public final class IdNarrowedQuery {
    private IdNarrowedQuery() {
    }

    public static LocalFeatureReader.Prepared narrow(LocalFeatureReader.Prepared prepared, List<String> ids) {
        StringBuilder values = new StringBuilder();
        for (String id : new LinkedHashSet<>(ids)) {
            values.append(values.isEmpty() ? "" : ", ").append('(').append(Sql.literal(id)).append(')');
        }
        String idRelation = values.isEmpty() ? "(SELECT CAST(NULL AS VARCHAR) AS __id WHERE false)"
                : "(VALUES " + values + ") __ids(__id)";
        String sql = "SELECT __q.* FROM (" + prepared.sql() + ") __q WHERE __q.id IN (SELECT __id FROM " + idRelation + ")";
        return new LocalFeatureReader.Prepared(prepared.query(), prepared.version(), prepared.plan(), sql);
    }
}
