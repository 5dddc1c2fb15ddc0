package dev.featurestore.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.version.RunRecord;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The bodies of the run routes, shared by {@code serve} and the Lambda (docs/query.md §5):
 * {@code POST /groups/{group}/runs} (202) and {@code GET /groups/{group}/runs/{run}} answer one run,
 * {@code GET /groups/{group}/runs} the org's runs, newest first.
 */
public final class RunsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunsJson() {
    }

    /** The path a client polls for a run's state. */
    public static String pollPath(String group, String org, String run) {
        return "/groups/" + encode(group) + "/runs/" + encode(run) + "?org=" + encode(org);
    }

    /**
     * One run: {@code {"group", "org", "run", "version", "status", "started_at", "finished_at", "reason",
     * "functions_total", "functions_done", "poll"}}; {@code poll} only while it is RUNNING, progress only when known.
     */
    public static ObjectNode run(RunState state) {
        ObjectNode n = JSON.createObjectNode();
        n.put("group", state.group()).put("org", state.org()).put("run", state.run());
        n.put("version", state.version().orElse(null));
        n.put("status", state.status().name());
        n.put("started_at", state.startedAt().orElse(null));
        n.put("finished_at", state.finishedAt().orElse(null));
        n.put("reason", state.reason().orElse(null));
        state.functionsTotal().ifPresent(t -> n.put("functions_total", t));
        state.functionsDone().ifPresent(d -> n.put("functions_done", d));
        if (state.status() == RunRecord.Status.RUNNING) {
            n.put("poll", pollPath(state.group(), state.org(), state.run()));
        }
        return n;
    }

    /** {@code {"group", "org", "runs": [{"run", "version", "status", "started_at", "finished_at", "reason"}]}}, newest first. */
    public static String runs(String group, String org, List<RunRecord> records) {
        ObjectNode root = JSON.createObjectNode().put("group", group).put("org", org);
        ArrayNode list = root.putArray("runs");
        records.stream().sorted(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId).reversed())
                .forEach(r -> list.addObject().put("run", r.runId()).put("version", r.version()).put("status", r.status().name())
                        .put("started_at", r.startedAt()).put("finished_at", r.finishedAt().orElse(null))
                        .put("reason", r.reason().orElse(null)));
        return write(root);
    }

    public static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
