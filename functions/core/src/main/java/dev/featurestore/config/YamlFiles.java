package dev.featurestore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a config file into its file model (YAML tree, {@link ModelCheck}, Jackson binding), turning every way it
 * can fail into a {@link ConfigProblem}.
 */
final class YamlFiles {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final YAMLMapper BINDER = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // ModelCheck has reported every missing required key with its fix; binding leaves such a key null
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasRequiredMarker(AnnotatedMember member) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private YamlFiles() {
    }

    /**
     * The file's top-level mapping, or empty after adding the problem (missing, unreadable, not YAML with its
     * line and column, or not a mapping — {@code expected} says what the mapping should hold).
     */
    static Optional<JsonNode> readMapping(Path file, String displayName, String expected, List<ConfigProblem> problems) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(displayName, "", "file not found"));
            return Optional.empty();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            problems.add(new ConfigProblem(displayName, "", "not valid YAML" + where + ": " + e.getOriginalMessage() + " (fix the syntax)"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new ConfigProblem(displayName, "", "cannot read: " + e.getMessage()));
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            problems.add(new ConfigProblem(displayName, "", expected));
            return Optional.empty();
        }
        return Optional.of(root);
    }

    /**
     * The file bound to {@code model} after {@link ModelCheck} removed (and reported) every wrong value; empty only
     * when the file cannot be read as a mapping. {@code vars} fill the model's messages (e.g. {@code file}).
     */
    static <T> Optional<T> read(Path file, String displayName, Class<T> model, String expected, Map<String, String> vars,
                                List<ConfigProblem> problems) {
        return readMapping(file, displayName, expected, problems).map(root -> bind(root, displayName, model, vars, problems));
    }

    /** {@link ModelCheck}s the tree (removing and reporting every wrong value), then binds what is left. */
    static <T> T bind(JsonNode root, String displayName, Class<T> model, Map<String, String> vars, List<ConfigProblem> problems) {
        new ModelCheck(displayName, vars, problems).record("", (ObjectNode) root, model);
        try {
            return BINDER.treeToValue(root, model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot bind " + displayName + " after checking it: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Orders one file's problems as the file reads: unknown top-level keys first, then by the model's key order
     * (a problem found while checking a value comes with the other problems of its key).
     */
    static void inKeyOrder(List<ConfigProblem> problems, int from, Class<?> model) {
        List<String> keys = ModelProperty.names(model);
        List<ConfigProblem> part = new ArrayList<>(problems.subList(from, problems.size()));
        part.sort(Comparator.comparingInt(p -> keys.indexOf(p.key().split("[.\\[]", 2)[0])));
        problems.subList(from, problems.size()).clear();
        problems.addAll(part);
    }

    /** A file's name for messages: relative to the config directory's parent (e.g. config/groups/x.yaml). */
    static String display(Path configDir, Path file) {
        Path base = configDir.toAbsolutePath().normalize().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
    }
}
