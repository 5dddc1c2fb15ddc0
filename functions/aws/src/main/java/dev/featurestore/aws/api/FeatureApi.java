package dev.featurestore.aws.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.athena.AthenaEngine;
import dev.featurestore.aws.runtime.AwsRuntime;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.drift.DriftJson;
import dev.featurestore.drift.DriftReport;
import dev.featurestore.drift.DriftService;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.TooLargeException;
import dev.featurestore.function.SourceRows;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.query.ErrorBody;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.GetFeaturesRequest;
import dev.featurestore.query.JsonRowsWriter;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.query.ResultFormat;
import dev.featurestore.query.SqlDialect;
import dev.featurestore.query.SqlRenderer;
import dev.featurestore.types.Field;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionInfo;
import dev.featurestore.version.VersionStore;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature API behind API Gateway (docs/query.md, section 4), with the JSON contract and error bodies of the local
 * {@code serve}: {@code GET /groups}, {@code GET /groups/{group}}, {@code POST /groups/{group}/features},
 * {@code GET /groups/{group}/drift}.
 * Every read is pruned to one org (the caller's, see {@link Tenancy}) and one version (partition
 * predicates). Small results come back inline (JSON or CSV, at most MAX_JSON_ROWS); {@code "format":
 * "parquet"} unloads the rows with Athena and returns presigned URLs, for any size.
 */
public final class FeatureApi {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP = Pattern.compile("/groups/([^/]+)");
    private static final Pattern FEATURES = Pattern.compile("/groups/([^/]+)/features");
    private static final Pattern DRIFT = Pattern.compile("/groups/([^/]+)/drift");
    private static final Pattern QUERY = Pattern.compile("/queries/([A-Za-z0-9-]{1,128})");

    private final AwsRuntime runtime;
    private final Tenancy tenancy;

    public FeatureApi(AwsRuntime runtime) {
        this.runtime = runtime;
        this.tenancy = new Tenancy(runtime.settings().orgAccess());
    }

    public ApiResponse handle(ApiRequest request) {
        long start = System.nanoTime();
        try {
            ApiResponse response = route(request);
            LOG.info("request served method={} path={} status={} ms={}", request.method(), request.path(), response.status(),
                    (System.nanoTime() - start) / 1_000_000);
            return response;
        } catch (RuntimeException e) {
            ErrorBody error = ErrorBody.of(e);
            if (FeatureStoreException.kindOf(e).httpStatus() >= 500) {
                LOG.error("request failed method={} path={} status={}", request.method(), request.path(), error.status(), e);
            } else {
                LOG.info("request refused method={} path={} status={} message={}", request.method(), request.path(), error.status(), error.message());
            }
            return ApiResponse.error(error);
        }
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path().replaceAll("/+$", "");
        Matcher features = FEATURES.matcher(path);
        Matcher group = GROUP.matcher(path);
        if (path.equals("/groups") && request.method().equals("GET")) {
            return groups(request);
        }
        if (group.matches() && request.method().equals("GET")) {
            return group(request, group.group(1));
        }
        if (features.matches() && request.method().equals("POST")) {
            return features(request, features.group(1));
        }
        Matcher drift = DRIFT.matcher(path);
        if (drift.matches() && request.method().equals("GET")) {
            return drift(request, drift.group(1));
        }
        Matcher query = QUERY.matcher(path);
        if (query.matches() && request.method().equals("GET")) {
            return poll(request, query.group(1));
        }
        throw new NotFoundException("Cannot find route " + request.method() + " " + request.path()
                + " (routes: GET /groups, GET /groups/{group}, POST /groups/{group}/features, GET /groups/{group}/drift, GET /queries/{id})");
    }

    private ApiResponse groups(ApiRequest request) {
        List<String> allowed = tenancy.allowedOrgs(request);
        ArrayNode list = JSON.createArrayNode();
        for (GroupConfig g : runtime.groups().values()) {
            List<String> orgs = g.orgNames().stream().filter(allowed::contains).toList();
            if (!orgs.isEmpty()) {
                ObjectNode n = list.addObject().put("group", g.name()).put("description", g.description());
                orgs.forEach(n.putArray("orgs")::add);
            }
        }
        return ApiResponse.json(200, JSON.createObjectNode().set("groups", list));
    }

    private ApiResponse group(ApiRequest request, String name) {
        GroupConfig config = runtime.group(name);
        String org = tenancy.orgFor(request, request.queryParameter("org"));
        ResolvedGroup group = config.forOrg(org);
        VersionStore versions = runtime.versions();
        ObjectNode n = JSON.createObjectNode().put("group", name).put("description", config.description()).put("org", org);
        ArrayNode fields = n.putArray("fields");
        group.fields().fields().forEach(f -> fields.addObject().put("name", f.name()).put("type", f.type().sqlName()));
        n.put("current", versions.current(name, org).orElse(null));
        ArrayNode list = n.putArray("versions");
        for (VersionInfo v : versions.versions(name, org)) {
            list.addObject().put("version", v.version()).put("created_at", v.createdAt()).put("row_count", v.rowCount())
                    .put("config_hash", v.configHash()).put("bytes", v.bytes()).put("current", v.current()).put("pinned", v.pinned());
        }
        return ApiResponse.json(200, n);
    }

    /** {@code GET /groups/{group}/drift?org=&from=&to=}: drift between two versions from their statistics. */
    private ApiResponse drift(ApiRequest request, String name) {
        GroupConfig config = runtime.group(name);
        String org = tenancy.orgFor(request, request.queryParameter("org"));
        DriftReport report = DriftService.create(runtime.versions())
                .compare(config.forOrg(org), request.queryParameter("from"), request.queryParameter("to"));
        return ApiResponse.of(200, "application/json", DriftJson.write(report).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private ApiResponse features(ApiRequest request, String name) {
        GroupConfig config = runtime.group(name);
        GetFeaturesRequest body = GetFeaturesRequest.parse(request.body());
        String org = tenancy.orgFor(request, body.org());
        config.forOrg(org); // the group must be set up for the org
        FeatureQuery query = body.toQuery(name, org, fallbackFormat(request));
        VersionStore versions = runtime.versions();
        String version = query.version().orElseGet(() -> query.asOf().map(t -> versions.asOf(name, org, t))
                .orElseGet(() -> versions.requireCurrent(name, org)));
        Manifest manifest = versions.manifest(name, org, version);
        AthenaEngine engine = runtime.featureEngine().withTimeout(runtime.settings().queryTimeout());
        SqlRenderer sql = SqlRenderer.create(SqlDialect.ATHENA);
        String from = sql.qualifiedName(runtime.settings().glueDatabase(), name);
        Map<String, String> partition = new LinkedHashMap<>();
        partition.put("org", org);
        partition.put("version", version);
        if (query.format() == ResultFormat.PARQUET) {
            QueryPlan plan = QueryPlan.of(query.withVersion(version), manifest.fields());
            return unload(engine, sql.select(plan, from, partition), plan, org, version);
        }
        long cap = runtime.settings().maxJsonRows();
        OptionalLong limit = query.limit().isPresent() && query.limit().getAsLong() <= cap ? query.limit() : OptionalLong.of(cap + 1);
        FeatureQuery capped = new FeatureQuery(name, org, Optional.of(version), query.asOf(), query.features(), query.exclude(),
                query.filters(), limit, query.format());
        QueryPlan plan = QueryPlan.of(capped, manifest.fields());
        List<Field> columns = plan.selection().columns();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SourceRows rows = engine.query(sql.select(plan, from, partition));
             RowSink sink = query.format() == ResultFormat.CSV ? new CsvSink(CsvRowsWriter.open(out, columns))
                     : new JsonSink(JsonRowsWriter.open(out, name, org, version, columns))) {
            long n = 0;
            while (rows.next()) {
                if (++n > cap) {
                    throw new TooLargeException("Cannot return more than " + cap + " rows inline (add filters or a limit, or ask "
                            + "for \"format\": \"parquet\" to get presigned URLs to the full result)");
                }
                List<Object> values = new ArrayList<>(columns.size());
                for (Field c : columns) {
                    values.add(rows.getString(c.name()));
                }
                sink.row(values);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ApiResponse.of(200, query.format().contentType(), out.toByteArray());
    }

    /**
     * Unloads the result as Parquet under {@code query-results/<group>/org=<org>/<uuid>/}. API Gateway gives up
     * after 29 s: when Athena is not done within the query timeout, the answer is 202 with the query id, and
     * {@code GET /queries/{id}} gives the URLs once it is.
     */
    private ApiResponse unload(AthenaEngine engine, String select, QueryPlan plan, String org, String version) {
        String group = plan.query().group();
        String prefix = runtime.settings().resultsPrefix() + group + "/org=" + org + "/" + UUID.randomUUID() + "/";
        String id = engine.startUnload(select, runtime.s3Store().uri(prefix));
        ObjectNode n = JSON.createObjectNode().put("group", group).put("org", org).put("version", version)
                .put("format", "parquet").put("query_id", id);
        ArrayNode columns = n.putArray("columns");
        plan.selection().columns().forEach(f -> columns.addObject().put("name", f.name()).put("type", f.type().sqlName()));
        if (engine.awaitWithin(id).isEmpty()) {
            return ApiResponse.json(202, n.put("status", "RUNNING").put("poll", "/queries/" + id));
        }
        return ApiResponse.json(200, withUrls(n.put("status", "SUCCEEDED"), prefix));
    }

    /** {@code GET /queries/{id}}: an export's state, and its URLs once it succeeded. Same tenancy as the export. */
    private ApiResponse poll(ApiRequest request, String id) {
        AthenaEngine engine = runtime.featureEngine();
        QueryExecution q = engine.status(id);
        String results = runtime.s3Store().uri(runtime.settings().resultsPrefix());
        String target = AthenaEngine.unloadTarget(q).filter(t -> t.startsWith(results)).orElseThrow(() -> new NotFoundException(
                "Cannot find export " + id + " (only the ids of POST /groups/{group}/features with \"format\": \"parquet\" can be polled)"));
        String[] parts = target.substring(results.length()).split("/");
        if (parts.length < 3 || !parts[1].startsWith("org=")) {
            throw new NotFoundException("Cannot find export " + id + " (its location " + target + " is not an export's)");
        }
        String org = tenancy.orgFor(request, Optional.of(parts[1].substring("org=".length())));
        ObjectNode n = JSON.createObjectNode().put("group", parts[0]).put("org", org).put("format", "parquet").put("query_id", id);
        QueryExecutionState state = q.status().state();
        if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
            throw engine.failed(q);
        }
        if (state != QueryExecutionState.SUCCEEDED) {
            return ApiResponse.json(202, n.put("status", state.toString()).put("poll", "/queries/" + id));
        }
        return ApiResponse.json(200, withUrls(n.put("status", "SUCCEEDED"), target.substring(runtime.s3Store().uri("").length())));
    }

    private ObjectNode withUrls(ObjectNode n, String prefix) {
        n.put("expires_in_seconds", runtime.urls().validity().toSeconds());
        ArrayNode urls = n.putArray("urls");
        for (String key : runtime.s3Store().list(prefix)) {
            urls.add(runtime.urls().get(runtime.s3Store().bucket(), runtime.s3Store().s3Key(key)).toString());
        }
        return n;
    }

    private static ResultFormat fallbackFormat(ApiRequest request) {
        String accept = request.header("accept").orElse("");
        for (ResultFormat f : ResultFormat.values()) {
            if (accept.contains(f.contentType())) {
                return f;
            }
        }
        return ResultFormat.JSON;
    }

    /** JSON and CSV writers behind one face. */
    private interface RowSink extends Closeable {
        void row(List<?> values);
    }

    private record JsonSink(JsonRowsWriter writer) implements RowSink {
        public void row(List<?> values) {
            writer.row(values);
        }

        public void close() {
            writer.close();
        }
    }

    private record CsvSink(CsvRowsWriter writer) implements RowSink {
        public void row(List<?> values) {
            writer.row(values);
        }

        public void close() {
            writer.close();
        }
    }

}
