package dev.featurestore.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a YAML tree against a file-model record before Jackson binds it: unknown keys, missing required keys,
 * wrong shapes and numbers out of range, each reported as a {@link ConfigProblem} with the fix declared on the
 * model ({@link KeyRules}). A wrong value is removed from the tree after it is reported, so that binding
 * always succeeds (the key takes its default) and the later checks still see everything else: every problem of
 * a file is reported at once.
 */
final class ModelCheck {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final Map<String, String> vars;
    private final List<ConfigProblem> problems;

    ModelCheck(String file, Map<String, String> vars, List<ConfigProblem> problems) {
        this.file = file;
        this.vars = vars;
        this.problems = problems;
    }

    /** Checks {@code node} as the record {@code type}; {@code prefix} is the dotted key it sits under ("" at the top). */
    void record(String prefix, ObjectNode node, Class<?> type) {
        List<ModelProperty> props = ModelProperty.of(type);
        List<String> allowed = props.stream().map(ModelProperty::name).toList();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problem(prefix + k, "unknown key (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")", null);
                it.remove();
            }
        }
        for (ModelProperty p : props) {
            String key = prefix + p.name();
            JsonNode v = node.get(p.name());
            Optional<KeyRules> rules = p.rules();
            if (v == null || v.isNull()) {
                node.remove(p.name());
                if (p.required()) {
                    String fix = rules.map(KeyRules::missing).orElse("");
                    problem(key, fix.isEmpty() ? "missing" : "missing (" + fix + ")", null);
                } else if (rules.isPresent() && rules.get().absentIsEmpty()) {
                    problem(key, rules.get().empty(), null);
                }
                continue;
            }
            JsonNode checked = value(key, v, p.type(), rules.map(KeyRules::shape).orElse(""), rules);
            if (checked == null) {
                node.remove(p.name());
            } else {
                node.set(p.name(), checked);
            }
        }
    }

    /** @return the value, normalized (short forms expanded), or null after reporting why it is wrong */
    private JsonNode value(String key, JsonNode v, Type type, String shape, Optional<KeyRules> rules) {
        Class<?> raw = ModelProperty.raw(type);
        if (raw == String.class) {
            return v.isValueNode() && !v.asText().isBlank() ? v : fail(key, shape.isEmpty() ? stringShape(rules) : shape, v);
        }
        if (raw == Boolean.class) {
            return v.isBoolean() ? v : fail(key, shape.isEmpty() ? "'${value}' is not true or false" : shape, v);
        }
        if (raw == Integer.class) {
            boolean ok = v.isIntegralNumber() && v.canConvertToInt() && inRange(v.asDouble(), rules);
            return ok ? v : fail(key, shape.isEmpty() ? "'${value}' is not an integer" + range(rules) : shape, v);
        }
        if (raw == Double.class) {
            return v.isNumber() && inRange(v.asDouble(), rules) ? v : fail(key, shape.isEmpty() ? "'${value}' is not a number" + range(rules) : shape, v);
        }
        if (raw == Object.class) {
            return v.isNumber() || v.isTextual() || v.isBoolean() ? v : fail(key, shape.isEmpty() ? "expected a number, string or boolean" : shape, v);
        }
        String item = rules.map(KeyRules::item).orElse("");
        String empty = rules.map(KeyRules::empty).orElse("");
        if (raw == List.class) {
            if (v.isValueNode() && rules.map(KeyRules::oneOrMany).orElse(false)) {
                v = NODES.arrayNode().add(v);
            }
            if (!v.isArray()) {
                return fail(key, shape.isEmpty() ? "expected a list" : shape, v);
            }
            if (v.isEmpty() && !empty.isEmpty()) {
                problem(key, empty, v);
            }
            ArrayNode list = (ArrayNode) v;
            boolean textItems = rules.map(KeyRules::textItems).orElse(false);
            for (int i = 0; i < list.size(); i++) {
                if (textItems && !list.get(i).isTextual()) {
                    problem(key + "[" + i + "]", item.isEmpty() ? "expected a string" : item, list.get(i));
                    list.set(i, NullNode.getInstance());
                    continue;
                }
                JsonNode entry = value(key + "[" + i + "]", list.get(i), ModelProperty.element(type), item, Optional.empty());
                list.set(i, entry == null ? NullNode.getInstance() : entry);
            }
            return list;
        }
        if (raw == Map.class) {
            if (!v.isObject()) {
                return fail(key, shape.isEmpty() ? "expected a mapping" : shape, v);
            }
            if (v.isEmpty() && !empty.isEmpty()) {
                problem(key, empty, v);
            }
            Type valueType = ModelProperty.element(type);
            boolean oneOrMany = rules.map(KeyRules::oneOrMany).orElse(false);
            List<String> keys = new ArrayList<>();
            v.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode entry = v.get(k);
                if (entry.isNull() && ModelProperty.raw(valueType).isRecord()
                        && ModelProperty.raw(valueType).getAnnotation(ShortForm.class) == null) {
                    entry = NODES.objectNode(); // "acme:" with nothing after it is "acme: {}"
                }
                if (oneOrMany && ModelProperty.raw(valueType) == List.class && entry.isValueNode() && !entry.isNull()) {
                    entry = NODES.arrayNode().add(entry);
                } else if (oneOrMany && entry.isArray() && entry.isEmpty()) {
                    entry = NullNode.getInstance();
                }
                JsonNode checked = value(key + "." + k, entry, valueType, item, Optional.empty());
                if (checked == null) {
                    ((ObjectNode) v).remove(k);
                } else {
                    ((ObjectNode) v).set(k, checked);
                }
            }
            return v;
        }
        if (raw.isRecord()) {
            ShortForm shortForm = raw.getAnnotation(ShortForm.class);
            if (shortForm != null && v.isValueNode() && !v.isNull()) {
                v = NODES.objectNode().set(shortForm.value(), v);
            } else if (shortForm != null && !shortForm.longForm()) {
                return fail(key, shape.isEmpty() ? "expected a " + shortForm.value() : shape, v);
            }
            if (!v.isObject()) {
                return fail(key, shape.isEmpty() ? "expected a mapping with " + String.join(":, ",
                        new TreeSet<>(ModelProperty.names(raw))) + ":" : shape, v);
            }
            record(key + ".", (ObjectNode) v, raw);
            return v;
        }
        throw new IllegalStateException("The config model has a type the check does not know: " + type);
    }

    private static boolean inRange(double d, Optional<KeyRules> rules) {
        if (rules.isEmpty()) {
            return true;
        }
        KeyRules r = rules.get();
        boolean aboveMin = Double.isNaN(r.min()) || (r.exclusiveMin() ? d > r.min() : d >= r.min());
        return aboveMin && (Double.isNaN(r.max()) || d <= r.max());
    }

    private static String range(Optional<KeyRules> rules) {
        return rules.filter(r -> !Double.isNaN(r.min()) && !Double.isNaN(r.max()))
                .map(r -> " between " + number(r.min()) + " and " + number(r.max())).orElse("");
    }

    static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String stringShape(Optional<KeyRules> rules) {
        String missing = rules.map(KeyRules::missing).orElse("");
        return missing.startsWith("add ") ? "expected a non-empty string (e.g. " + missing.substring(4) + ")" : "expected a non-empty string";
    }

    private JsonNode fail(String key, String message, JsonNode value) {
        problem(key, message, value);
        return null;
    }

    private void problem(String key, String message, JsonNode value) {
        String text = message;
        for (Map.Entry<String, String> var : vars.entrySet()) {
            text = text.replace("${" + var.getKey() + "}", var.getValue());
        }
        if (value != null) {
            text = text.replace("${value}", value.isNull() ? "" : value.asText());
        }
        problems.add(new ConfigProblem(file, key, text));
    }
}
