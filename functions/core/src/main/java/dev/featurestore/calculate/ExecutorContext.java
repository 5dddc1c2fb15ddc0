package dev.featurestore.calculate;

import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.Params;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.function.SourceRows;
import dev.featurestore.types.Schema;
import java.util.List;

/** A Java function's view of a run on either runtime: source SQL on the engine (recorded for the manifest), its partial. */
record ExecutorContext(String group, String org, String runId, Params params, Schema fields, SourceEngine engine,
                       PartialWriter partial, List<String> queries, List<String> queryIds) implements FunctionContext {

    @Override
    public SourceRows query(String sql) {
        SourceEngine.Query q = engine.query(sql);
        synchronized (queries) {
            queries.add(sql);
            q.queryId().ifPresent(queryIds::add);
        }
        return q.rows();
    }
}
