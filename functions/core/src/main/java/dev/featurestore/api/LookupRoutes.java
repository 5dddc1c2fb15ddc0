package dev.featurestore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.UsageException;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.lookup.LookupRequest;
import dev.featurestore.lookup.LookupResult;
import dev.featurestore.query.CsvRowsWriter;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.FilterParser;
import dev.featurestore.query.FilterText;
import dev.featurestore.query.GetFeaturesRequest;
import dev.featurestore.query.JsonRowsWriter;
import dev.featurestore.query.ResultFormat;
import dev.featurestore.trainingset.TrainingSetJoin;
import dev.featurestore.trainingset.TrainingSetPlan;
import dev.featurestore.trainingset.TrainingSets;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Entity lookups by id on the router (docs/lookup.md): {@code ids} (and {@code include_missing}) in the body of
 * {@code POST /groups/{group}/features}, and {@code GET /groups/{group}/entities/{id}}. Without filters the ids
 * go through {@link EntityLookup} (only the ids' buckets are read, no query engine); with filters the engine's
 * query is narrowed by an {@code id IN (...)} condition while it fits one filter ({@link #MAX_ENGINE_IDS} ids,
 * {@link FilterParser#MAX_LENGTH} characters), and by the engine itself beyond ({@link QueryEngine#select(
 * dev.featurestore.query.QueryPlan, List)}), up to {@link LookupRequest#MAX_IDS} ids in both runtimes. Also point-in-time training sets from inline entity
 * rows ({@link #trainingSet}).
 */
public final class LookupRoutes {
    /** Most ids that narrow an engine query through one {@code IN} filter: the filter language's IN-list cap. */
    public static final int MAX_ENGINE_IDS = FilterParser.MAX_IN_LIST;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Duplicate keys fail here, so the usual parser reports them. */
    private static final ObjectMapper STRICT = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final ReadService reads;
    private final GroupSource groups;
    private final EntityLookup lookup;
    private final TrainingSets trainingSets;
    private final TrainingSetJoin join;

    public LookupRoutes(ReadService reads, GroupSource groups, EntityLookup lookup, TrainingSets trainingSets,
                        TrainingSetJoin join) {
        this.reads = reads;
        this.groups = groups;
        this.lookup = lookup;
        this.trainingSets = trainingSets;
        this.join = join;
    }

    /**
     * {@code POST /groups/{group}/training-set}: {@code {"entities": [{"id": "c1", "event_time": "...Z", "label": 1}],
     * "org", "features", "exclude"}}; each row joined with the features of the version its event time reads.
     */
    public ApiResponse trainingSet(ApiRequest request, String group) {
        JsonNode root = parse(request.body());
        if (root == null) {
            throw new UsageException("Cannot read request: the body must be a JSON object such as {\"entities\": [{\"id\":"
                    + " \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\"}]}");
        }
        ObjectNode rest = ((ObjectNode) root).deepCopy();
        JsonNode entities = rest.remove("entities");
        if (entities == null || !entities.isArray()) {
            throw new UsageException("Cannot read request: \"entities\" must be a list of objects with \"id\" and"
                    + " \"event_time\", e.g. [{\"id\": \"c1\", \"event_time\": \"2026-11-24T00:00:00Z\", \"label\": 1}]");
        }
        if (rest.has("ids") || rest.has("filters") || rest.has("version") || rest.has("as_of") || rest.has("limit")
                || rest.has("format")) {
            throw new UsageException("Cannot read request: a training set takes only entities, org, features and exclude"
                    + " (each row reads the version of its event_time)");
        }
        GetFeaturesRequest body = GetFeaturesRequest.parse(bytes(rest));
        String org = reads.org(request, groups.group(group), body.org());
        groups.group(group).forOrg(org);
        List<String> extras = new ArrayList<>();
        List<TrainingSetJoin.EntityRow> rows = EntityRows.parse(entities, extras);
        TrainingSetPlan plan = trainingSets.plan(group, org, body.features(), body.exclude());
        for (String extra : extras) {
            if (extra.startsWith("__") || plan.features().stream().anyMatch(f -> f.name().equals(extra))) {
                throw new UsageException("Cannot read request: entity column \"" + FilterText.echo(extra) + "\" "
                        + (extra.startsWith("__") ? "starts with __ (reserved; rename it)"
                        : "has the name of a feature (rename it, or leave the feature out with \"exclude\")"));
            }
        }
        TrainingSetJoin.Joined joined = join.join(plan, extras, rows);
        ObjectNode out = JSON.createObjectNode();
        out.put("group", group).put("org", org);
        joined.columns().forEach(out.putArray("columns")::add);
        ArrayNode list = out.putArray("rows");
        for (List<Object> r : joined.rows()) {
            ObjectNode o = list.addObject();
            for (int i = 0; i < joined.columns().size(); i++) {
                o.set(joined.columns().get(i), JSON.valueToTree(r.get(i)));
            }
        }
        out.put("row_count", joined.rows().size());
        plan.warnings().forEach(out.putArray("warnings")::add);
        if (!out.has("warnings")) {
            out.putArray("warnings");
        }
        return ApiResponse.json(200, out).withOrg(org);
    }

    /** {@code POST /groups/{group}/features}: a lookup when the body names {@code ids}, else the usual read. */
    public ApiResponse features(ApiRequest request, String group) {
        JsonNode root = parse(request.body());
        if (root == null || !root.has("ids") && !root.has("include_missing")) {
            return reads.features(request, group);
        }
        ObjectNode rest = ((ObjectNode) root).deepCopy();
        JsonNode idsNode = rest.remove("ids");
        JsonNode missingNode = rest.remove("include_missing");
        if (idsNode == null || idsNode.isNull()) {
            throw new UsageException("Cannot read request: \"include_missing\" needs \"ids\"");
        }
        List<String> ids = ids(idsNode);
        boolean includeMissing = includeMissing(missingNode);
        GetFeaturesRequest body = GetFeaturesRequest.parse(bytes(rest));
        if (!body.filters().isEmpty()) {
            if (includeMissing) {
                throw new UsageException("Cannot use \"include_missing\" with \"filters\" (a missing row and a "
                        + "filtered-out row would look the same)");
            }
            Optional<ArrayNode> filter = narrowed(body.filters(), ids);
            filter.ifPresent(f -> rest.set("filters", f));
            ApiRequest narrowed = new ApiRequest(request.method(), request.rawPath(), request.query(), request.headers(),
                    bytes(rest), request.caller());
            // more ids than one IN filter holds: the engine narrows the query itself (a temporary table on Athena)
            return filter.isPresent() ? reads.features(narrowed, group) : reads.features(narrowed, group, ids);
        }
        String org = reads.org(request, groups.group(group), body.org());
        groups.group(group).forOrg(org);
        FeatureQuery query = body.toQuery(group, org, ResultFormat.fromAccept(request.header("accept").orElse(null)));
        if (query.format() == ResultFormat.PARQUET) {
            throw new UsageException("Cannot answer a lookup by ids as Parquet over HTTP (ask for json or csv; the CLI "
                    + "writes Parquet: featurestore get " + group + " --ids FILE --out FILE.parquet)");
        }
        LookupResult result = lookup.lookup(new LookupRequest(query, ids, includeMissing));
        return reads.recordingUsage(answer(result, group, org, query.format() == ResultFormat.JSON), group, org,
                names(result), body.consumer(), request);
    }

    /** {@code GET /groups/{group}/entities/{id}?org=&version=&features=&consumer=}: one entity's row, or 404. */
    public ApiResponse entity(ApiRequest request, String group, String id) {
        Optional<String> consumer = request.queryParameter("consumer").flatMap(dev.featurestore.discovery.Consumers::check);
        String org = reads.org(request, groups.group(group), request.queryParameter("org"));
        groups.group(group).forOrg(org);
        FeatureQuery.Builder b = FeatureQuery.builder(group, org).format(ResultFormat.JSON);
        request.queryParameter("version").ifPresent(b::version);
        request.queryParameter("features").ifPresent(f -> b.features(List.of(f.split(","))));
        request.queryParameter("exclude").ifPresent(f -> b.exclude(List.of(f.split(","))));
        LookupResult result = lookup.lookup(new LookupRequest(b.build(), List.of(id), false));
        if (result.rows().isEmpty()) {
            throw new NotFoundException("Cannot find entity '" + FilterText.echo(id) + "' in group '" + group + "' for org '"
                    + org + "' (version " + result.version() + " has no row with that id)");
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("group", group).put("org", org).put("version", result.version());
        ObjectNode row = out.putObject("entity");
        List<Object> values = result.rows().get(0);
        for (int i = 0; i < result.columns().size(); i++) {
            row.set(result.columns().get(i).name(), JSON.valueToTree(values.get(i)));
        }
        ApiResponse json = ApiResponse.json(200, out);
        ApiResponse oneRow = new ApiResponse(json.status(), json.headers(), o -> {
            json.body().writeTo(o);
            return 1;
        }, json.org(), json.fixedLength());
        return reads.recordingUsage(oneRow, group, org, names(result), consumer, request)
                .withHeader(ReadService.VERSION_HEADER, result.version()).withOrg(org);
    }

    private static List<String> names(LookupResult result) {
        return result.columns().stream().map(dev.featurestore.types.Field::name).toList();
    }

    private static ApiResponse answer(LookupResult result, String group, String org, boolean json) {
        ApiResponse response = ApiResponse.stream(200, json ? ApiResponse.JSON_TYPE : "text/csv; charset=utf-8", out -> {
            if (json) {
                JsonRowsWriter w = JsonRowsWriter.open(out, group, org, result.version(), result.columns());
                result.rows().forEach(w::row);
                w.close();
            } else {
                CsvRowsWriter w = CsvRowsWriter.open(out, result.columns());
                result.rows().forEach(w::row);
                w.close();
            }
            return result.rows().size();
        });
        return response.withHeader(ReadService.VERSION_HEADER, result.version()).withOrg(org);
    }

    /** The filters plus {@code id IN (...)}; empty when the ids do not fit one filter (the engine narrows then). */
    static Optional<ArrayNode> narrowed(List<String> filters, List<String> ids) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(ids);
        if (distinct.size() > MAX_ENGINE_IDS) {
            return Optional.empty();
        }
        StringBuilder in = new StringBuilder("id IN (");
        boolean first = true;
        for (String id : distinct) {
            in.append(first ? "" : ", ").append('\'').append(id.replace("'", "''")).append('\'');
            first = false;
        }
        in.append(')');
        if (distinct.isEmpty()) {
            in = new StringBuilder("id IS NULL AND id IS NOT NULL"); // no ids: no rows
        }
        if (in.length() > FilterParser.MAX_LENGTH) {
            return Optional.empty();
        }
        ArrayNode out = JSON.createArrayNode();
        filters.forEach(out::add);
        out.add(in.toString());
        return Optional.of(out);
    }

    static List<String> ids(JsonNode node) {
        if (!node.isArray()) {
            throw new UsageException("Cannot read request: \"ids\" must be a list of strings, e.g. [\"c1\", \"c2\"], not "
                    + FilterText.echo(abbreviated(node)));
        }
        LookupRequest.checkCount(node.size());
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw new UsageException("Cannot read request: \"ids\"[" + i + "] is " + FilterText.echo(abbreviated(item))
                        + ", not a string (ids are strings: write \"42\", not 42)");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static boolean includeMissing(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new UsageException("Cannot read request: \"include_missing\" must be true or false, not "
                    + FilterText.echo(abbreviated(node)));
        }
        return node.asBoolean();
    }

    private static String abbreviated(JsonNode node) {
        String s = node.toString();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** The body as a JSON object, or null when it is empty or not an object (the usual parser then says why). */
    private static JsonNode parse(byte[] body) {
        GetFeaturesRequest.checkBodySize(body.length);
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            JsonNode root = STRICT.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
