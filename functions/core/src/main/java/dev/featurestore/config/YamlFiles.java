package dev.featurestore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads a config file's YAML tree, turning every way it can fail into a {@link ConfigProblem}. */
final class YamlFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

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

    /** Adds an "unknown key" problem for every key of {@code node} not in {@code allowed}. */
    static void unknownKeys(String f, String prefix, JsonNode node, Set<String> allowed, List<ConfigProblem> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problems.add(new ConfigProblem(f, prefix + k, "unknown key (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
    }

    /** A file's name for messages: relative to the config directory's parent (e.g. config/groups/x.yaml). */
    static String display(Path configDir, Path file) {
        Path base = configDir.toAbsolutePath().normalize().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
    }
}
