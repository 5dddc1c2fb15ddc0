package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.calculate.FunctionOutcome;
import dev.featurestore.calculate.RunPlan;
import dev.featurestore.error.UsageException;
import dev.featurestore.ids.Identifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The JSON the Step Functions steps pass along (docs/aws.md): reading an event, checking its members, and
 * the plan and outcome shapes. Failures are thrown: Lambda reports them to Step Functions with the exception
 * class as the error name, which the state machine's Retry and Catch match.
 */
final class StepEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private StepEvents() {
    }

    /** Reads the event, runs {@code step} with Powertools' Lambda context in the logs, writes its result. */
    static void handle(InputStream in, OutputStream out, Context context, Function<JsonNode, JsonNode> step) throws IOException {
        JsonNode event = read(in);
        for (String key : List.of("group", "org", "runId", "version", "function")) {
            if (event.hasNonNull(key) && event.get(key).isTextual()) {
                MDC.put(key, event.get(key).asText());
            }
        }
        try {
            JsonNode result = context == null ? step.apply(event) : PowertoolsLogging.withLogging(context, () -> step.apply(event));
            JSON.writeValue(out, result);
        } finally {
            MDC.clear();
        }
    }

    static JsonNode read(InputStream in) throws IOException {
        JsonNode event;
        try {
            event = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new UsageException("Cannot read event: not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (event == null || !event.isObject()) {
            throw new UsageException("Cannot read event: expected a JSON object such as {\"group\": \"customer\", \"org\": \"acme\"}");
        }
        return event;
    }

    /** The members that name something: checked against the name rule before any lookup. */
    private static final Map<String, Identifier> IDENTIFIERS = Map.of("group", Identifier.GROUP, "org", Identifier.ORG,
            "runId", Identifier.RUN, "version", Identifier.VERSION);

    /** A required string member; group, org, runId and version must also follow the name rule. */
    static String text(JsonNode event, String key) {
        String value = rawText(event, key);
        Identifier id = IDENTIFIERS.get(key);
        return id == null ? value : id.require("read event", value);
    }

    private static String rawText(JsonNode event, String key) {
        JsonNode v = event.get(key);
        if (v == null || v.isNull()) {
            throw new UsageException("Cannot read event: \"" + key + "\" is missing (the event needs " + key + ")");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new UsageException("Cannot read event: \"" + key + "\" must be a non-empty string, not " + v);
        }
        return v.asText();
    }

    /** The plan as the Plan step returns it: the Map state iterates over {@code functions} (objects). */
    static ObjectNode plan(RunPlan plan) {
        ObjectNode n = header(plan.group(), plan.org(), plan.runId(), plan.version());
        n.put("configHash", plan.configHash());
        n.put("startedAt", plan.startedAt());
        ArrayNode fns = n.putArray("functions");
        for (String f : plan.functions()) {
            fns.add(header(plan.group(), plan.org(), plan.runId(), plan.version()).put("function", f));
        }
        return n;
    }

    static RunPlan readPlan(JsonNode event) {
        JsonNode fns = event.get("functions");
        if (fns == null || !fns.isArray()) {
            throw new UsageException("Cannot read event: \"functions\" must be the Plan step's list of functions");
        }
        List<String> functions = new ArrayList<>();
        for (JsonNode f : fns) {
            functions.add(f.isTextual() ? f.asText() : text(f, "function"));
        }
        return new RunPlan(text(event, "group"), text(event, "org"), text(event, "runId"), text(event, "version"),
                text(event, "configHash"), text(event, "startedAt"), functions);
    }

    static ObjectNode outcome(FunctionOutcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("function", o.function());
        n.put("rows", o.rows());
        n.put("durationMs", o.durationMs());
        o.queries().forEach(n.putArray("queries")::add);
        o.queryIds().forEach(n.putArray("queryIds")::add);
        return n;
    }

    static List<FunctionOutcome> readOutcomes(JsonNode event) {
        JsonNode list = event.get("outcomes");
        if (list == null || !list.isArray()) {
            throw new UsageException("Cannot read event: \"outcomes\" must be the list of the Calculate steps' results");
        }
        List<FunctionOutcome> outcomes = new ArrayList<>();
        for (JsonNode o : list) {
            List<String> queries = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            o.path("queries").forEach(q -> queries.add(q.asText()));
            o.path("queryIds").forEach(q -> ids.add(q.asText()));
            outcomes.add(new FunctionOutcome(text(o, "function"), o.path("rows").asLong(), o.path("durationMs").asLong(), queries, ids));
        }
        return outcomes;
    }

    static ObjectNode header(String group, String org, String runId, String version) {
        ObjectNode n = JSON.createObjectNode();
        n.put("group", group);
        n.put("org", org);
        n.put("runId", runId);
        n.put("version", version);
        return n;
    }

    /** The output of a step that published {@code m} (Merge, or Finalize after a distributed merge). */
    static ObjectNode published(dev.featurestore.version.Manifest m) {
        ObjectNode result = header(m.group(), m.org(), m.runId(), m.version());
        result.put("rows", m.rowCount());
        result.put("files", m.files().size());
        result.put("published", true);
        return result;
    }
}
