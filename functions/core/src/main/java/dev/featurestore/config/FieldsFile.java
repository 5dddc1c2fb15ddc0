package dev.featurestore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.featurestore.error.ConfigException;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A stand-alone fields file ({@code fields: { age: bigint, ... }}, as under a group config), e.g. for
 * {@code featurestore merge --fields}. Same type names, aliases and error style as {@link ConfigLoader}.
 */
public final class FieldsFile {

    private static final YAMLMapper YAML = new YAMLMapper();

    private FieldsFile() {
    }

    /** Parses the file's {@code fields:} map, in file order; every problem is reported in one {@link ConfigException}. */
    public static Schema load(Path file) {
        String f = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("Invalid config (1 problem):\n  " + new ConfigProblem(f, "", "file not found"));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("Invalid config (1 problem):\n  "
                    + new ConfigProblem(f, "", "not valid YAML" + where + ": " + e.getOriginalMessage() + " (fix the syntax)"));
        } catch (IOException e) {
            throw new ConfigException("Invalid config (1 problem):\n  " + new ConfigProblem(f, "", "cannot read: " + e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("Invalid config (1 problem):\n  "
                    + new ConfigProblem(f, "", "expected a mapping with fields: (e.g. fields: { age: bigint })"));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!Set.of("fields", "group", "description").contains(k)) {
                problems.add(new ConfigProblem(f, k, "unknown key (a fields file holds fields:)"));
            }
        }
        Schema schema = ConfigLoader.fields(f, "fields", root.get("fields"), true, problems);
        ConfigLoader.throwIfAny(problems);
        return schema;
    }
}
