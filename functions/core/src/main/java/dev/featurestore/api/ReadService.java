package dev.featurestore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.drift.DriftJson;
import dev.featurestore.drift.DriftService;
import dev.featurestore.error.ForbiddenException;
import dev.featurestore.error.TooLargeException;
import dev.featurestore.error.UsageException;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.GetFeaturesRequest;
import dev.featurestore.query.GroupsJson;
import dev.featurestore.query.JsonRowsWriter;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.query.ResultFormat;
import dev.featurestore.query.Selection;
import dev.featurestore.types.Field;
import dev.featurestore.version.VersionStore;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The read side of the API, once for both runtimes: which org a request reads (checked against the caller's
 * orgs), which version (given, as of an instant, or current), which format (the body's {@code format}, else the
 * {@code Accept} header), the inline row cap, and the bodies of the groups, group, features and drift answers.
 * Engines only run checked plans ({@link QueryEngine}).
 */
public final class ReadService {
    /** Header naming the version a features answer was read from. */
    public static final String VERSION_HEADER = "X-Featurestore-Version";
    /** Header carrying the answer's warnings (a JSON array of strings) for CSV and Parquet answers. */
    public static final String WARNINGS_HEADER = "X-Featurestore-Warnings";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);

    private final GroupSource groups;
    private final VersionStore versions;
    private final QueryEngine engine;
    private final CallerOrgs callers;

    public ReadService(GroupSource groups, VersionStore versions, QueryEngine engine, CallerOrgs callers) {
        this.groups = groups;
        this.versions = versions;
        this.engine = engine;
        this.callers = callers;
    }

    /** {@code GET /groups}: every group with the orgs the caller may read; groups without such an org are left out. */
    public ApiResponse groups(ApiRequest request) {
        Optional<List<String>> readable = callers.readable(request);
        return ApiResponse.json(200, GroupsJson.groups(groups.all(), org -> readable.map(r -> r.contains(org)).orElse(true)));
    }

    /** {@code GET /groups/{group}?org=}: fields and versions for one org, plus every org the caller may read. */
    public ApiResponse group(ApiRequest request, String name) {
        GroupConfig config = groups.group(name);
        String org = org(request, config, request.queryParameter("org"));
        ResolvedGroup resolved = config.forOrg(org);
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(GroupsJson.group(resolved, config.docs(), config.description(), versions.versions(name, org)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        readableOrgs(request, config).forEach(root.putArray("orgs")::add);
        return ApiResponse.json(200, root).withOrg(org);
    }

    /** {@code GET /groups/{group}/drift?org=&from=&to=}: drift between two versions, from their statistics. */
    public ApiResponse drift(ApiRequest request, String name) {
        GroupConfig config = groups.group(name);
        String org = org(request, config, request.queryParameter("org"));
        return ApiResponse.json(200, DriftJson.write(DriftService.create(versions)
                .compare(config.forOrg(org), request.queryParameter("from"), request.queryParameter("to")))).withOrg(org);
    }

    /** {@code POST /groups/{group}/features}: rows as JSON or CSV, or the engine's Parquet answer. */
    public ApiResponse features(ApiRequest request, String name) {
        return features(request, name, Optional.empty());
    }

    /**
     * {@code POST /groups/{group}/features} narrowed to {@code ids} by the engine ({@link QueryEngine#select(QueryPlan,
     * List)}): ids with filters that do not fit one {@code IN} filter. JSON or CSV only (the temporary table an engine
     * may use lives for the request, an export outlives it).
     */
    public ApiResponse features(ApiRequest request, String name, List<String> ids) {
        return features(request, name, Optional.of(List.copyOf(ids)));
    }

    private ApiResponse features(ApiRequest request, String name, Optional<List<String>> ids) {
        GetFeaturesRequest body = GetFeaturesRequest.parse(request.body());
        GroupConfig config = groups.group(name);
        String org = org(request, config, body.org());
        config.forOrg(org);
        FeatureQuery asked = body.toQuery(name, org, ResultFormat.fromAccept(request.header("accept").orElse(null)))
                .withPii(config.docs().piiFields());
        String version = version(asked);
        dev.featurestore.version.Manifest manifest = versions.manifest(name, org, version);
        versions.verifyFiles(manifest); // the engine reads every file of the version: each must be the one the manifest recorded
        QueryPlan plan = QueryPlan.of(capped(asked.withVersion(version)), manifest.fields());
        List<String> warnings = Selection.warnings(plan.schema(), asked.features(), asked.exclude());
        if (ids.isPresent() && asked.format() == ResultFormat.PARQUET) {
            throw new UsageException("Cannot answer " + ids.get().size() + " ids with filters as Parquet over HTTP (ask for json"
                    + " or csv; the CLI writes Parquet: featurestore get " + name + " --ids FILE --filter ... --out FILE.parquet)");
        }
        ApiResponse answer = switch (asked.format()) {
            case PARQUET -> engine.parquet(plan).withHeader(WARNINGS_HEADER, json(warnings));
            case CSV -> rows(plan, ids, warnings, false).withHeader(WARNINGS_HEADER, json(warnings));
            case JSON -> rows(plan, ids, warnings, true);
        };
        return recordingUsage(answer, name, org, plan, body.consumer(), request).withHeader(VERSION_HEADER, version).withOrg(org);
    }

    /** The version a query reads: the one it names, the one current at its {@code as_of}, else the current one. */
    public String version(FeatureQuery query) {
        return query.version()
                .or(() -> query.asOf().map(at -> versions.asOf(query.group(), query.org(), at)))
                .orElseGet(() -> versions.requireCurrent(query.group(), query.org()));
    }

    /**
     * The org a request reads: the one it names (when the caller may read it), else the only one of the group the
     * caller may read. Naming an org the caller may not read is a 403; naming none when several are possible a 400.
     */
    public String org(ApiRequest request, GroupConfig config, Optional<String> requested) {
        Optional<List<String>> readable = callers.readable(request);
        if (requested.isPresent()) {
            if (readable.isPresent() && !readable.get().contains(requested.get())) {
                throw new ForbiddenException("Cannot read org '" + requested.get() + "': " + callers.describe(request)
                        + " may read only " + String.join(", ", readable.get()));
            }
            return requested.get();
        }
        List<String> candidates = readableOrgs(request, config);
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new ForbiddenException("Cannot read group '" + config.name() + "': " + callers.describe(request)
                    + " may read none of its orgs (" + String.join(", ", config.orgNames()) + ")");
        }
        throw new UsageException("Cannot read group '" + config.name() + "': it has several orgs ("
                + String.join(", ", candidates) + "); choose one with \"org\" in the body or ?org= in the URL");
    }

    private List<String> readableOrgs(ApiRequest request, GroupConfig config) {
        Optional<List<String>> readable = callers.readable(request);
        return config.orgNames().stream().filter(o -> readable.map(r -> r.contains(o)).orElse(true)).toList();
    }

    /**
     * The answer, recording one usage line (group, org, fields, consumer, caller, rows) once its body was written
     * in full (docs/catalog.md); a body that fails while written records nothing.
     */
    private ApiResponse recordingUsage(ApiResponse answer, String group, String org, QueryPlan plan,
                                       java.util.Optional<String> consumer, ApiRequest request) {
        return recordingUsage(answer, group, org, plan.selection().columnNames(), consumer, request);
    }

    /**
     * As the features read records it: one usage line once the body of {@code answer} was written in full, naming
     * the fields among {@code columns} (the id column left out). Lookup routes answer through this too.
     */
    public ApiResponse recordingUsage(ApiResponse answer, String group, String org, List<String> columns,
                                      java.util.Optional<String> consumer, ApiRequest request) {
        List<String> fields = columns.stream().filter(n -> !n.equals(dev.featurestore.types.Schema.ID)).toList();
        String caller = request.caller("principal_arn").orElse("local");
        dev.featurestore.discovery.UsageLog usage = dev.featurestore.discovery.UsageLog.create(versions.objectStore(), versions.clock());
        ResponseBody body = answer.body();
        return new ApiResponse(answer.status(), answer.headers(), out -> {
            long rows = body.writeTo(out);
            usage.record(group, org, fields, consumer, caller, rows);
            return rows;
        }, answer.org(), answer.fixedLength());
    }

    /** Inline answers ask the engine for one row more than the cap, to tell "exactly the cap" from "more". */
    private FeatureQuery capped(FeatureQuery query) {
        OptionalLong cap = engine.inlineRowCap();
        if (query.format() == ResultFormat.PARQUET || cap.isEmpty()
                || query.limit().isPresent() && query.limit().getAsLong() <= cap.getAsLong()) {
            return query;
        }
        return new FeatureQuery(query.group(), query.org(), query.version(), query.asOf(), query.features(),
                query.exclude(), query.filters(), OptionalLong.of(cap.getAsLong() + 1), query.format(), query.pii());
    }

    /**
     * Starts the query and reads its first row before answering, so that a failure to start or to read the first
     * rows is an error status, not a 200. A failure after that is thrown by the body while it is written: the
     * JSON document stays unterminated and the transport aborts the answer.
     */
    private ApiResponse rows(QueryPlan plan, Optional<List<String>> ids, List<String> warnings, boolean json) {
        List<Field> columns = plan.selection().columns();
        FeatureQuery q = plan.query();
        RowCursor cursor = ids.isPresent() ? engine.select(plan, ids.get()) : engine.select(plan);
        boolean first;
        try {
            first = cursor.next();
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
        long cap = engine.inlineRowCap().orElse(Long.MAX_VALUE);
        String type = json ? ApiResponse.JSON_TYPE : "text/csv; charset=utf-8";
        return ApiResponse.stream(200, type, out -> {
            try (cursor) {
                long n = 0;
                if (json) {
                    JsonRowsWriter w = JsonRowsWriter.open(out, q.group(), q.org(), q.version().orElseThrow(), columns, warnings);
                    for (boolean more = first; more; more = cursor.next()) {
                        w.row(values(cursor, columns.size(), ++n, cap));
                    }
                    w.close();
                } else {
                    CsvRowsWriter w = CsvRowsWriter.open(out, columns);
                    for (boolean more = first; more; more = cursor.next()) {
                        w.row(values(cursor, columns.size(), ++n, cap));
                    }
                    w.close();
                }
                return n;
            }
        });
    }

    private static List<Object> values(RowCursor cursor, int columns, long row, long cap) {
        if (row > cap) {
            throw new TooLargeException("Cannot return more than " + cap + " rows inline (add filters or a limit, or ask "
                    + "for \"format\": \"parquet\" to get presigned URLs to the full result)");
        }
        List<Object> values = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(cursor.value(i));
        }
        return values;
    }

    private static String json(List<String> warnings) {
        try {
            return JSON.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
