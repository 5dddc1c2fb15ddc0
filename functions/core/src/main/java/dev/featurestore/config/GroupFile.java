package dev.featurestore.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group file ({@code config/groups/<group>.yaml}) exactly as written: the one place that declares its keys,
 * their types, which are required, their defaults and the fix for each wrong shape. {@link ModelCheck} checks a
 * file against it, Jackson binds it, {@link GroupRules} checks the values and builds the {@link GroupConfig},
 * and {@link ConfigSchema} publishes it as JSON Schema (config/schema/group.schema.json).
 */
@JsonClassDescription("A feature group: its fields, the functions that calculate them, and the orgs that use it.")
record GroupFile(
        @JsonProperty(required = true)
        @JsonPropertyDescription("The group's name; equals the file name. Lowercase letters, digits and _, starting with a letter.")
        @KeyRules(missing = "add group: ${file}")
        String group,

        @JsonPropertyDescription("What the group holds, for people.")
        String description,

        @JsonPropertyDescription("Who answers for the group: a team or person (fields and functions default to it).")
        String owner,

        @JsonPropertyDescription("Words to find it by in the catalog (e.g. [geo, core]).")
        @KeyRules(shape = "expected a list of tags (e.g. tags: [geo, core])", item = "expected a tag: a non-empty string", textItems = true)
        List<String> tags,

        @JsonProperty(required = true)
        @JsonPropertyDescription("Field name to type (string, boolean, int, bigint, float, double, decimal(p,s), date, timestamp; pandas aliases such as int64 work), or to a mapping with type: and its documentation (description:, owner:, tags:, unit:, pii:). The entity key id is implicit.")
        @KeyRules(missing = "declare the fields, e.g. fields: { age: bigint }",
                shape = "expected a mapping of field name to type (e.g. age: bigint)",
                item = "expected a type name, one of ${types}")
        Map<String, FieldDecl> fields,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The feature functions: each a SQL file (sql:) or a Java class (class:).")
        @KeyRules(missing = "add at least one function, e.g. - sql: customer/orders.sql",
                shape = "expected a list of functions (- sql: path or - class: name)",
                item = "expected a mapping with sql: or class:",
                empty = "empty (add at least one function)")
        List<FunctionDecl> functions,

        @JsonPropertyDescription("When the group is calculated on AWS: an EventBridge schedule, cron(...) or rate(...).")
        String schedule,

        @JsonPropertyDescription("Values the functions read (params.home_lat in SQL, params().getDouble(\"home_lat\") in Java); an org's params override these.")
        @KeyRules(shape = "expected a mapping of name to value (e.g. params: { home_lat: 52.52 })")
        Map<String, Object> params,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The orgs that use this group, each with its overrides ({} for none).")
        @KeyRules(missing = "list the orgs that use this group, e.g. orgs: { acme: {} }",
                shape = "expected a mapping of org name to its overrides (e.g. orgs: { acme: {} })",
                item = "expected a mapping with params:, functions: or fields: (use {} for none)",
                empty = "no orgs (add at least one, e.g. acme: {})")
        Map<String, OrgDecl> orgs,

        @JsonPropertyDescription("When a field counts as drifted between two versions.")
        @KeyRules(shape = "expected a mapping with psi: and null_rate:")
        DriftDecl drift,

        @JsonPropertyDescription("How many versions to keep per org.")
        @KeyRules(shape = "expected a mapping with keep_versions:")
        RetentionDecl retention) {

    GroupFile {
        description = description == null ? "" : description;
        owner = owner == null ? "" : owner;
        tags = tags == null ? List.of() : tags;
        params = params == null ? Map.of() : params;
        drift = drift == null ? new DriftDecl(null, null) : drift;
        retention = retention == null ? new RetentionDecl(null) : retention;
    }

    /**
     * A field's declaration: its type, written short ({@code age: int}), or the long form with its documentation
     * ({@code age: {type: int, description: Age in years, unit: years}}).
     */
    @ShortForm(value = "type", longForm = true)
    record FieldDecl(
            @JsonProperty(required = true)
            @JsonPropertyDescription("The field's type.")
            String type,

            @JsonPropertyDescription("What the field means, for people (shown in the catalog and as the Glue column comment).")
            String description,

            @JsonPropertyDescription("Who answers for the field (default: the group's owner).")
            String owner,

            @JsonPropertyDescription("Words to find it by in the catalog (e.g. [geo, core]).")
            @KeyRules(shape = "expected a list of tags (e.g. tags: [geo, core])", item = "expected a tag: a non-empty string", textItems = true)
            List<String> tags,

            @JsonPropertyDescription("The unit of the values (e.g. km, EUR, days).")
            String unit,

            @JsonPropertyDescription("Personal data: left out of * selections unless asked for by name, marked in the catalog.")
            Boolean pii) {

        Docs docs() {
            return new Docs(description, owner, tags, unit, Boolean.TRUE.equals(pii));
        }
    }

    /** One feature function: exactly one of {@code sql} and {@code class}. */
    record FunctionDecl(
            @JsonPropertyDescription("A SELECT returning id and fields, as a .sql file relative to config/.")
            String sql,

            @JsonProperty("class")
            @JsonPropertyDescription("A class implementing dev.featurestore.function.FeatureFunction.")
            String className,

            @JsonPropertyDescription("The function's name (default: the SQL file's name, or the class name in snake_case); names its partial file.")
            String name,

            @JsonPropertyDescription("What the function calculates, for people.")
            String description,

            @JsonPropertyDescription("Who answers for the function (default: the group's owner).")
            String owner,

            @JsonPropertyDescription("Words to find it by in the catalog (e.g. [geo, core]).")
            @KeyRules(shape = "expected a list of tags (e.g. tags: [geo, core])", item = "expected a tag: a non-empty string", textItems = true)
            List<String> tags,

            @JsonPropertyDescription("The fields it produces (needed for a SQL function on AWS, where it cannot be described before it runs).")
            @KeyRules(shape = "expected a non-empty list of the fields it produces",
                    empty = "expected a non-empty list of the fields it produces")
            List<String> fields) {
    }

    /** One org's overrides, merged over the group's defaults. */
    record OrgDecl(
            @JsonPropertyDescription("Params of this org, over the group's.")
            @KeyRules(shape = "expected a mapping of name to value (e.g. params: { home_lat: 52.52 })")
            Map<String, Object> params,

            @JsonPropertyDescription("Functions of this org only; one with a default function's name replaces it.")
            @KeyRules(shape = "expected a list of functions (- sql: path or - class: name)",
                    item = "expected a mapping with sql: or class:")
            List<FunctionDecl> functions,

            @JsonPropertyDescription("Fields of this org only (or a default field with another type).")
            @KeyRules(shape = "expected a mapping of field name to type (e.g. age: bigint)",
                    item = "expected a type name, one of ${types}")
            Map<String, FieldDecl> fields) {

        OrgDecl {
            params = params == null ? Map.of() : params;
            functions = functions == null ? List.of() : functions;
            fields = fields == null ? new LinkedHashMap<>() : fields;
        }
    }

    /** Drift thresholds (defaults: psi 0.2, null_rate 0.05). */
    record DriftDecl(
            @JsonPropertyDescription("Population stability index above which a field is flagged (default 0.2).")
            @KeyRules(min = 0, max = 100, shape = "'${value}' is not a number between 0 and 100")
            Double psi,

            @JsonPropertyDescription("Absolute change of the null rate (0..1) above which a field is flagged (default 0.05).")
            @KeyRules(min = 0, max = 1, shape = "'${value}' is not a number between 0 and 1")
            Double nullRate) {

        DriftDecl {
            psi = psi == null ? DriftSettings.DEFAULT.psi() : psi;
            nullRate = nullRate == null ? DriftSettings.DEFAULT.nullRate() : nullRate;
        }
    }

    /** How many versions are kept per org (default 10); older ones are deleted unless current or pinned. */
    record RetentionDecl(
            @JsonPropertyDescription("Versions kept per org (default 10).")
            @KeyRules(min = 1, max = Integer.MAX_VALUE, shape = "'${value}' is not a positive integer (set it to 1 or more)")
            Integer keepVersions) {

        static final int DEFAULT_KEEP_VERSIONS = 10;

        RetentionDecl {
            keepVersions = keepVersions == null ? DEFAULT_KEEP_VERSIONS : keepVersions;
        }
    }
}
