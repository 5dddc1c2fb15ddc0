package dev.featurestore.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.types.Field;
import dev.featurestore.version.VersionInfo;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bodies of {@code GET /groups} and {@code GET /groups/{group}}, shared by {@code serve} and the Lambda
 * QueryHandler so both answer the same (docs/query.md §4). The shape is the one the Lambda's FeatureApi
 * answered first.
 */
public final class GroupsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupsJson() {
    }

    /**
     * {@code {"groups": [{"group", "description", "orgs": [...]}]}}: orgs limited to those the caller may read,
     * groups without such an org left out.
     */
    public static String groups(java.util.Collection<GroupConfig> groups, java.util.function.Predicate<String> orgVisible) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("groups");
        for (GroupConfig g : groups) {
            List<String> orgs = g.orgNames().stream().filter(orgVisible).toList();
            if (orgs.isEmpty()) {
                continue;
            }
            ObjectNode node = list.addObject();
            node.put("group", g.name());
            node.put("description", g.description());
            orgs.forEach(node.putArray("orgs")::add);
        }
        return write(root);
    }

    /**
     * {@code {"group", "description", "org", "fields": [{"name", "type"}], "functions": [{"name", "kind", "path"|"class"}],
     * "current": version|null,
     * "versions": [{"version", "created_at", "row_count", "config_hash", "bytes", "current", "pinned"}]}}: the
     * fields of the config for that org (without the implicit {@code id}), the versions in the order given.
     */
    public static String group(ResolvedGroup group, String description, List<VersionInfo> versions) {
        return group(group, dev.featurestore.config.GroupDocs.NONE, description, versions);
    }

    /**
     * As {@link #group(ResolvedGroup, String, List)}, with the config's documentation: the group's {@code owner}
     * and {@code tags}, and per field {@code description}, {@code owner}, {@code tags}, {@code unit} and
     * {@code pii} where declared (docs/catalog.md).
     */
    public static String group(ResolvedGroup group, dev.featurestore.config.GroupDocs docs, String description,
                               List<VersionInfo> versions) {
        ObjectNode root = JSON.createObjectNode();
        root.put("group", group.group());
        root.put("description", description);
        root.put("org", group.org());
        if (!docs.group().owner().isEmpty()) {
            root.put("owner", docs.group().owner());
        }
        if (!docs.group().tags().isEmpty()) {
            docs.group().tags().forEach(root.putArray("tags")::add);
        }
        ArrayNode fields = root.putArray("fields");
        for (Field f : group.fields().fields()) {
            ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().sqlName());
            dev.featurestore.config.Docs d = docs.fields().get(f.name());
            if (d != null) {
                putDocs(field, d);
            }
        }
        ArrayNode functions = root.putArray("functions");
        for (dev.featurestore.config.FunctionSpec f : group.functions()) {
            ObjectNode fn = functions.addObject().put("name", f.name());
            switch (f) {
                case dev.featurestore.config.FunctionSpec.Sql sql -> fn.put("kind", "sql").put("path", sql.path());
                case dev.featurestore.config.FunctionSpec.Java java -> fn.put("kind", "java").put("class", java.className());
            }
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
                    .put("config_hash", v.configHash())
                    .put("bytes", v.bytes())
                    .put("current", v.current())
                    .put("pinned", v.pinned());
        }
        return write(root);
    }

    private static void putDocs(ObjectNode field, dev.featurestore.config.Docs d) {
        if (!d.description().isEmpty()) {
            field.put("description", d.description());
        }
        if (!d.owner().isEmpty()) {
            field.put("owner", d.owner());
        }
        if (!d.tags().isEmpty()) {
            d.tags().forEach(field.putArray("tags")::add);
        }
        if (!d.unit().isEmpty()) {
            field.put("unit", d.unit());
        }
        if (d.pii()) {
            field.put("pii", true);
        }
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
