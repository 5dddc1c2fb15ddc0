package dev.featurestore.aws.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.QueryEngine;
import dev.featurestore.api.RowCursor;
import dev.featurestore.aws.glue.TemporaryTables;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.error.StorageException;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.function.SourceRows;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.query.SqlDialect;
import dev.featurestore.query.SqlRenderer;
import dev.featurestore.types.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

/**
 * The API's query engine on AWS: Athena over the environment's Glue table, every read pruned to one org and one
 * version by partition predicates. Inline answers (JSON, CSV) are capped at {@code MAX_JSON_ROWS}; a Parquet answer
 * is an {@code UNLOAD} under {@code query-results/<group>/org=<org>/<uuid>/} answered with presigned URLs, or 202 with
 * the query id when Athena is not done within the query timeout ({@link #poll}).
 */
public final class AthenaQueryEngine implements QueryEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SqlRenderer SQL = SqlRenderer.create(SqlDialect.ATHENA);

    /**
     * Ids narrowing a query inline while their quoted list is at most this long: half of Athena's 262,144-byte query
     * string limit, the other half left for the selected columns and the filters (each filter at most 10,000
     * characters). About 9,000 ids of 10 characters; longer lists go through a temporary table.
     */
    static final int MAX_INLINE_ID_BYTES = 131_072;

    private final AwsRuntime runtime;

    public AthenaQueryEngine(AwsRuntime runtime) {
        this.runtime = runtime;
    }

    private AthenaEngine engine() {
        return runtime.featureEngine().withTimeout(runtime.settings().queryTimeout());
    }

    /** The SELECT of a plan over the Glue table, pruned to the plan's org and version. */
    public String sql(QueryPlan plan) {
        FeatureQuery q = plan.query();
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("org", q.org());
        partition.put("version", q.version().orElseThrow(() -> new IllegalArgumentException("Cannot query without a version")));
        return SQL.select(plan, SQL.qualifiedName(runtime.settings().glueDatabase(), q.group()), partition);
    }

    @Override
    public RowCursor select(QueryPlan plan) {
        return cursor(plan.selection().columns(), engine().query(sql(plan)));
    }

    /**
     * Narrowed to the ids inside the pruned table, before the plan's filters and limit: an {@code "id" IN (...)} list
     * while it stays within {@link #MAX_INLINE_ID_BYTES}, else a temporary table of the ids (Parquet under the results
     * prefix, registered in Glue, dropped once the query finished: its rows are read from Athena's results).
     */
    @Override
    public RowCursor select(QueryPlan plan, List<String> ids) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        String list = String.join(", ", distinct.stream().map(SQL::stringLiteral).toList());
        if (distinct.isEmpty()) {
            return select(plan, "1 = 0");
        }
        if (list.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_ID_BYTES) {
            return select(plan, "\"id\" IN (" + list + ")");
        }
        FeatureQuery q = plan.query();
        Path file = null;
        try {
            Files.createDirectories(runtime.settings().workDir());
            file = Files.createTempFile(runtime.settings().workDir(), "ids-", ".parquet");
            Files.delete(file); // the writer creates it
            try (ParquetRowWriter w = ParquetRowWriter.create(file, new Schema(List.of()))) {
                for (String id : distinct) {
                    w.id(id);
                    w.endRow();
                }
            }
            TemporaryTables tables = runtime.temporaryTables();
            try (TemporaryTables.Table table = tables.create("ids of a lookup of group " + q.group() + " for org " + q.org(),
                    new Schema(List.of()), file)) {
                return select(plan, "\"id\" IN (SELECT \"id\" FROM " + SQL.qualifiedName(tables.database(), table.name()) + ")");
            }
        } catch (IOException e) {
            throw new StorageException("Cannot write the " + distinct.size() + " ids of a lookup in " + runtime.settings().workDir()
                    + ": " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // scratch; the next start cleans the work directory
                }
            }
        }
    }

    private RowCursor select(QueryPlan plan, String idCondition) {
        return cursor(plan.selection().columns(), engine().query(sql(plan, idCondition)));
    }

    /** {@link #sql(QueryPlan)} over the pruned table narrowed by {@code idCondition} (filters and limit apply after it). */
    String sql(QueryPlan plan, String idCondition) {
        FeatureQuery q = plan.query();
        String version = q.version().orElseThrow(() -> new IllegalArgumentException("Cannot query without a version"));
        String narrowed = "(SELECT * FROM " + SQL.qualifiedName(runtime.settings().glueDatabase(), q.group()) + " WHERE \"org\" = "
                + SQL.stringLiteral(q.org()) + " AND \"version\" = " + SQL.stringLiteral(version) + " AND " + idCondition + ") \"__narrowed\"";
        return SQL.select(plan, narrowed, Map.of());
    }

    private static RowCursor cursor(List<Field> columns, SourceRows rows) {
        return new RowCursor() {
            @Override
            public boolean next() {
                return rows.next();
            }

            @Override
            public Object value(int index) {
                return rows.getString(columns.get(index).name());
            }

            @Override
            public void close() {
                try {
                    rows.close();
                } catch (Exception e) {
                    // the rows were read or failed already
                }
            }
        };
    }

    @Override
    public ApiResponse parquet(QueryPlan plan) {
        FeatureQuery q = plan.query();
        String prefix = runtime.settings().resultsPrefix() + q.group() + "/org=" + q.org() + "/" + UUID.randomUUID() + "/";
        AthenaEngine engine = engine();
        String id = engine.startUnload(sql(plan), runtime.s3Store().uri(prefix));
        ObjectNode n = JSON.createObjectNode().put("group", q.group()).put("org", q.org()).put("version", q.version().orElseThrow())
                .put("format", "parquet").put("query_id", id);
        ArrayNode columns = n.putArray("columns");
        plan.selection().columns().forEach(f -> columns.addObject().put("name", f.name()).put("type", f.type().sqlName()));
        if (engine.awaitWithin(id).isEmpty()) {
            return ApiResponse.json(202, n.put("status", "RUNNING").put("poll", "/queries/" + id));
        }
        return ApiResponse.json(200, withUrls(n.put("status", "SUCCEEDED"), prefix));
    }

    @Override
    public OptionalLong inlineRowCap() {
        return OptionalLong.of(runtime.settings().maxJsonRows());
    }

    /** An export's org, read back from where it unloads: the poll route checks the caller may read it. */
    public record Export(String group, String org, QueryExecution execution, String target) {
    }

    /** Finds an export by its query id; 404 for ids that are not exports of this API. */
    public Export export(String id) {
        QueryExecution q = runtime.featureEngine().status(id);
        String results = runtime.s3Store().uri(runtime.settings().resultsPrefix());
        String target = AthenaEngine.unloadTarget(q).filter(t -> t.startsWith(results)).orElseThrow(() -> new NotFoundException(
                "Cannot find export " + id + " (only the ids of POST /groups/{group}/features with \"format\": \"parquet\" can be polled)"));
        String[] parts = target.substring(results.length()).split("/");
        if (parts.length < 3 || !parts[1].startsWith("org=")) {
            throw new NotFoundException("Cannot find export " + id + " (its location is not an export's)");
        }
        return new Export(parts[0], parts[1].substring("org=".length()), q, target);
    }

    /** {@code GET /queries/{id}} once the caller's org was checked: the export's state, and its URLs once done. */
    public ApiResponse poll(Export export) {
        String id = export.execution().queryExecutionId();
        ObjectNode n = JSON.createObjectNode().put("group", export.group()).put("org", export.org()).put("format", "parquet")
                .put("query_id", id);
        QueryExecutionState state = export.execution().status().state();
        if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
            throw runtime.featureEngine().failed(export.execution());
        }
        if (state != QueryExecutionState.SUCCEEDED) {
            return ApiResponse.json(202, n.put("status", state.toString()).put("poll", "/queries/" + id));
        }
        return ApiResponse.json(200, withUrls(n.put("status", "SUCCEEDED"), export.target().substring(runtime.s3Store().uri("").length())));
    }

    private ObjectNode withUrls(ObjectNode n, String prefix) {
        n.put("expires_in_seconds", runtime.urls().validity().toSeconds());
        ArrayNode urls = n.putArray("urls");
        for (String key : runtime.s3Store().list(prefix)) {
            urls.add(runtime.urls().get(runtime.s3Store().bucket(), runtime.s3Store().s3Key(key)).toString());
        }
        return n;
    }
}
