package dev.featurestore.aws.function;

import dev.featurestore.aws.athena.AthenaEngine;
import dev.featurestore.function.FunctionContext;
import dev.featurestore.function.Params;
import dev.featurestore.function.PartialWriter;
import dev.featurestore.function.SourceRows;
import dev.featurestore.types.Schema;
import java.util.List;

/** A Java function's view of a run on AWS: source SQL on Athena (recorded for the manifest), its partial. */
record AthenaFunctionContext(String group, String org, String runId, Params params, Schema fields, AthenaEngine engine,
                             PartialWriter partial, List<String> queries, List<String> queryIds) implements FunctionContext {

    @Override
    public SourceRows query(String sql) {
        String id = engine.start(sql);
        synchronized (queries) {
            queries.add(sql);
            queryIds.add(id);
        }
        return engine.rows(id);
    }
}
