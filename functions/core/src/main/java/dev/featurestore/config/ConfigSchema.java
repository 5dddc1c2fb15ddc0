package dev.featurestore.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schema (draft 2020-12) of group and environment files, generated from the file model ({@link
 * GroupFile}, {@link EnvironmentFile}) and its {@link KeyRules}, so that editors complete and check keys as
 * you type. It says what {@link ModelCheck} says (keys, types, required keys, ranges, non-empty lists); the
 * value rules (names, SQL files that exist, functions against fields) stay with {@code featurestore validate}.
 * The checked-in copies under {@code config/schema/} are kept current by {@code ConfigSchemaTest}.
 */
public final class ConfigSchema {
    /** Where the checked-in schemas live, relative to the config directory. */
    public static final String GROUP_FILE = "schema/group.schema.json";
    public static final String ENVIRONMENT_FILE = "schema/environment.schema.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigSchema() {
    }

    /** The schema of {@code config/groups/<group>.yaml}, as pretty JSON ending in a newline. */
    public static String group() {
        return text(schema(GroupFile.class, "Feature group"));
    }

    /** The schema of {@code config/environments/<env>.yaml}, as pretty JSON ending in a newline. */
    public static String environment() {
        return text(schema(EnvironmentFile.class, "Environment"));
    }

    private static ObjectNode schema(Class<?> model, String title) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "featurestore: " + title);
        schema.setAll(record(model));
        return schema;
    }

    private static ObjectNode record(Class<?> model) {
        ObjectNode node = NODES.objectNode();
        JsonClassDescription doc = model.getAnnotation(JsonClassDescription.class);
        if (doc != null) {
            node.put("description", doc.value());
        }
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (ModelProperty p : ModelProperty.of(model)) {
            ObjectNode property = type(p.type(), p.rules(), true);
            if (!p.description().isEmpty()) {
                property.put("description", p.description());
            }
            properties.set(p.name(), property);
            if (p.required() || p.rules().map(KeyRules::absentIsEmpty).orElse(false)) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            node.set("required", required);
        }
        node.put("additionalProperties", false);
        return node;
    }

    private static ObjectNode type(Type type, Optional<KeyRules> rules, boolean top) {
        Class<?> raw = ModelProperty.raw(type);
        ObjectNode node = NODES.objectNode();
        if (raw == String.class && rules.map(KeyRules::orInteger).orElse(false)) {
            node.set("anyOf", NODES.arrayNode().add(NODES.objectNode().put("type", "string").put("minLength", 1))
                    .add(NODES.objectNode().put("type", "integer")));
        } else if (raw == String.class) {
            node.put("type", "string").put("minLength", 1);
        } else if (raw == Boolean.class) {
            node.put("type", "boolean");
        } else if (raw == Integer.class || raw == Double.class) {
            node.put("type", raw == Integer.class ? "integer" : "number");
            rules.ifPresent(r -> {
                if (!Double.isNaN(r.min())) {
                    number(node, r.exclusiveMin() ? "exclusiveMinimum" : "minimum", r.min());
                }
                if (!Double.isNaN(r.max())) {
                    number(node, "maximum", r.max());
                }
            });
        } else if (raw == Object.class) {
            node.set("type", NODES.arrayNode().add("string").add("number").add("boolean"));
        } else if (raw == List.class) {
            node.put("type", "array").set("items", type(ModelProperty.element(type), Optional.empty(), false));
            if (top && rules.map(r -> !r.empty().isEmpty()).orElse(false)) {
                node.put("minItems", 1);
            }
        } else if (raw == Map.class) {
            node.put("type", "object");
            ObjectNode values = type(ModelProperty.element(type), Optional.empty(), false);
            if (rules.map(KeyRules::oneOrMany).orElse(false)) {
                values.put("minItems", 1);
                values = (ObjectNode) NODES.objectNode().set("anyOf", NODES.arrayNode()
                        .add(NODES.objectNode().put("type", "string").put("minLength", 1)).add(values));
            }
            node.set("additionalProperties", values);
            if (top && rules.map(r -> !r.empty().isEmpty()).orElse(false)) {
                node.put("minProperties", 1);
            }
        } else if (raw.isRecord()) {
            ShortForm shortForm = raw.getAnnotation(ShortForm.class);
            ObjectNode full = record(raw);
            if (shortForm == null) {
                return full;
            }
            ObjectNode scalar = (ObjectNode) full.get("properties").get(shortForm.value()).deepCopy();
            if (!shortForm.longForm()) {
                return scalar;
            }
            node.set("oneOf", NODES.arrayNode().add(scalar).add(full));
        } else {
            throw new IllegalStateException("The config model has a type the schema does not know: " + type);
        }
        return node;
    }

    private static void number(ObjectNode node, String keyword, double value) {
        if (value == Math.rint(value)) {
            node.put(keyword, (long) value);
        } else {
            node.put(keyword, value);
        }
    }

    private static String text(ObjectNode schema) {
        try {
            return JSON.writeValueAsString(schema).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the config schema", e);
        }
    }
}
