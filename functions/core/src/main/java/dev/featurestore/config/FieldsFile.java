package dev.featurestore.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.error.ConfigException;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-alone fields file ({@code fields: { age: bigint, ... }}, as under a group config), e.g. for
 * {@code featurestore merge --fields}. Same model, type names, aliases and error style as a group file.
 */
public final class FieldsFile {

    /** The file model: a group file's {@code fields:} (its {@code group:} and {@code description:} are ignored). */
    record Model(
            @JsonProperty(required = true)
            @KeyRules(missing = "declare the fields, e.g. fields: { age: bigint }",
                    shape = "expected a mapping of field name to type (e.g. age: bigint)",
                    item = "expected a type name, one of ${types}")
            Map<String, GroupFile.FieldDecl> fields,
            String group,
            String description) {
    }

    private FieldsFile() {
    }

    /** Parses the file's {@code fields:} map, in file order; every problem is reported in one {@link ConfigException}. */
    public static Schema load(Path file) {
        String f = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<JsonNode> root = YamlFiles.readMapping(file, f, "expected a mapping with fields: (e.g. fields: { age: bigint })", problems);
        if (root.isEmpty()) {
            ConfigLoader.throwIfAny(problems);
        }
        List<String> allowed = ModelProperty.names(Model.class);
        for (Iterator<String> it = root.get().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problems.add(new ConfigProblem(f, k, "unknown key (a fields file holds fields:)"));
                it.remove();
            }
        }
        Model model = YamlFiles.bind(root.get(), f, Model.class, Map.of("types", FieldType.knownNames()), problems);
        Schema schema = GroupRules.fields(f, "fields", model.fields(), problems);
        ConfigLoader.throwIfAny(problems);
        return schema;
    }
}
