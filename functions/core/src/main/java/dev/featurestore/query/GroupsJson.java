package dev.featurestore.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import dev.featurestore.version.VersionInfo;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bodies of {@code GET /groups} and {@code GET /groups/{group}}, shared by {@code serve} and the Lambda
 * QueryHandler so both answer the same (docs/query.md §4).
 */
public final class GroupsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupsJson() {
    }

    /** {@code {"groups": [{"name", "description", "orgs": [...]}]}}, orgs limited to those the caller may read. */
    public static String groups(List<GroupConfig> groups, java.util.function.Predicate<String> orgVisible) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("groups");
        for (GroupConfig g : groups) {
            ObjectNode node = list.addObject();
            node.put("name", g.name());
            node.put("description", g.description());
            ArrayNode orgs = node.putArray("orgs");
            g.orgNames().stream().filter(orgVisible).forEach(orgs::add);
        }
        return write(root);
    }

    /**
     * {@code {"group", "org", "description", "fields": [{"name", "type"}], "current": version|null,
     * "versions": [{"version", "created_at", "row_count", "bytes", "config_hash", "current", "pinned"}]}}: the
     * fields of the config for that org ({@code id} first), the versions newest first as given.
     */
    public static String group(ResolvedGroup group, String description, List<VersionInfo> versions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("group", group.group());
        root.put("org", group.org());
        root.put("description", description);
        ArrayNode fields = root.putArray("fields");
        fields.addObject().put("name", Schema.ID).put("type", "string");
        for (Field f : group.fields().fields()) {
            fields.addObject().put("name", f.name()).put("type", f.type().sqlName());
        }
        root.putNull("current");
        ArrayNode list = root.putArray("versions");
        for (VersionInfo v : versions) {
            if (v.current()) {
                root.put("current", v.version());
            }
            list.addObject()
                    .put("version", v.version())
                    .put("created_at", v.createdAt())
                    .put("row_count", v.rowCount())
                    .put("bytes", v.bytes())
                    .put("config_hash", v.configHash())
                    .put("current", v.current())
                    .put("pinned", v.pinned());
        }
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
