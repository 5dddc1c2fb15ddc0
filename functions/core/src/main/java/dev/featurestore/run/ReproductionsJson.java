package dev.featurestore.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.version.RunRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the reproduction routes, shared by {@code serve} and the Lambda (docs/api.md): one reproduction
 * {@code {"group", "org", "version", "reproduction", "status", "started_at", "finished_at", "reason", "poll",
 * "report"}}, {@code poll} only while it runs, {@code report} once it finished.
 */
public final class ReproductionsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReproductionsJson() {
    }

    /** The path a client polls for a reproduction's state. */
    public static String pollPath(String group, String org, String version, String reproduction) {
        return "/groups/" + encode(group) + "/versions/" + encode(version) + "/reproductions/" + encode(reproduction)
                + "?org=" + encode(org);
    }

    public static ObjectNode reproduction(ReproductionState s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("group", s.group()).put("org", s.org()).put("version", s.version()).put("reproduction", s.reproduction());
        n.put("status", s.status().name());
        n.put("started_at", s.startedAt().orElse(null));
        n.put("finished_at", s.finishedAt().orElse(null));
        n.put("reason", s.reason().orElse(null));
        if (s.status() == RunRecord.Status.RUNNING) {
            n.put("poll", pollPath(s.group(), s.org(), s.version(), s.reproduction()));
        }
        s.report().ifPresent(r -> n.set("report", report(r)));
        return n;
    }

    /**
     * {@code {"identical", "recorded_rows", "rebuilt_rows", "recorded_checksum", "rebuilt_checksum",
     * "differing_fields", "source_changes", "code_change"}}: also what the AWS reproduce step returns.
     */
    public static ObjectNode report(ReproduceReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("identical", r.identical());
        n.put("recorded_rows", r.recordedRows()).put("rebuilt_rows", r.rebuiltRows());
        n.put("recorded_checksum", r.recordedChecksum()).put("rebuilt_checksum", r.rebuiltChecksum());
        ArrayNode fields = n.putArray("differing_fields");
        r.differingFields().forEach(fields::add);
        ArrayNode sources = n.putArray("source_changes");
        r.sourceChanges().forEach(sources::add);
        n.put("code_change", r.codeChange());
        return n;
    }

    /** The report {@link #report} wrote, for the version {@code version} of {@code group} and {@code org}. */
    public static ReproduceReport readReport(String group, String org, String version, JsonNode n) {
        return new ReproduceReport(group, org, version, n.path("identical").asBoolean(), n.path("recorded_rows").asLong(),
                n.path("rebuilt_rows").asLong(), n.path("recorded_checksum").textValue(), n.path("rebuilt_checksum").textValue(),
                texts(n.path("differing_fields")), texts(n.path("source_changes")), n.path("code_change").textValue());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
