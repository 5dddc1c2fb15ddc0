package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConfigException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.types.FieldType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path root;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        config = root.resolve("config");
        Files.createDirectories(config.resolve("groups"));
        Files.createDirectories(config.resolve("customer"));
        Files.writeString(config.resolve("customer/orders.sql"), "select id, count(*) as orders_90d from orders group by id");
    }

    private void group(String yaml) throws IOException {
        Files.writeString(config.resolve("groups/customer.yaml"), yaml);
    }

    private ConfigLoader loader() {
        // SQL functions declare their fields here; Java classes are not on this test's classpath
        return ConfigLoader.create(config, FunctionOutputs.LISTED);
    }

    static final String VALID = """
            group: customer
            description: Customer features
            fields:
              age: int64
              gender: str
              orders_90d: bigint
              spend: decimal(10,2)
              vip: bool
              seen_at: datetime64[ns]
            functions:
              - sql: customer/orders.sql
                fields: [orders_90d, spend]
              - class: dev.example.Profile
                fields: [age, gender, vip, seen_at]
            schedule: cron(0 3 * * ? *)
            params: { home_lat: 52.5 }
            orgs:
              acme:
                params: { home_lat: 40.7, tier: gold }
                functions:
                  - class: dev.example.AcmeLoyalty
                    fields: [loyalty_tier]
                fields: { loyalty_tier: string }
              globex: {}
            """;

    @Test
    void load_acceptsPandasAliasesAndResolvesOrgOverrides() throws IOException {
        group(VALID);
        GroupConfig g = loader().load("customer");

        assertThat(g.fields().names()).containsExactly("age", "gender", "orders_90d", "spend", "vip", "seen_at");
        assertThat(g.fields().field("age").orElseThrow().type()).isEqualTo(FieldType.BIGINT);
        assertThat(g.fields().field("spend").orElseThrow().type()).isEqualTo(FieldType.decimal(10, 2));
        assertThat(g.fields().field("seen_at").orElseThrow().type()).isEqualTo(FieldType.TIMESTAMP);
        assertThat(g.schedule()).contains("cron(0 3 * * ? *)");

        ResolvedGroup acme = g.forOrg("acme");
        assertThat(acme.fields().names()).endsWith("loyalty_tier");
        assertThat(acme.functions()).extracting(FunctionSpec::name).containsExactly("orders", "profile", "acme_loyalty");
        assertThat(acme.params().getDouble("home_lat")).isEqualTo(40.7);
        assertThat(g.forOrg("globex").params().getDouble("home_lat")).isEqualTo(52.5);
        assertThat(g.forOrg("globex").fields().names()).doesNotContain("loyalty_tier");
    }

    @Test
    void configHash_isStableAndChangesWithTheConfig() throws IOException {
        group(VALID);
        String first = loader().load("customer").forOrg("acme").configHash();
        assertThat(loader().load("customer").forOrg("acme").configHash()).isEqualTo(first);
        assertThat(loader().load("customer").forOrg("globex").configHash()).isNotEqualTo(first);
        group(VALID.replace("home_lat: 40.7", "home_lat: 40.8"));
        assertThat(loader().load("customer").forOrg("acme").configHash()).isNotEqualTo(first);
    }

    @Test
    void load_reportsEveryProblemWithFileKeyAndFix() throws IOException {
        group("""
                group: customer
                colour: blue
                fields:
                  age: bigint2
                  id: string
                functions:
                  - sql: customer/missing.sql
                  - class: dev.example.Profile
                    sql: x.sql
                orgs: {}
                """);
        assertThatThrownBy(() -> loader().load("customer"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("""
                        Invalid config (6 problems):
                          config/groups/customer.yaml: colour: unknown key (allowed here: description, drift, fields, functions, group, orgs, owner, params, retention, schedule, tags)
                          config/groups/customer.yaml: fields.age: unknown type 'bigint2' (use one of string, boolean, int, bigint, float, double, decimal(p,s), date, timestamp (aliases: str, object, bool, int32, int64, float32, float64, datetime64[ns]))
                          config/groups/customer.yaml: fields.id: 'id' is the entity key of every group and is not declared (remove it)
                          config/groups/customer.yaml: functions[0].sql: SQL file config/customer/missing.sql not found (create it, or fix the path: it is relative to config)
                          config/groups/customer.yaml: functions[1]: has both sql: and class: (a function is one or the other)
                          config/groups/customer.yaml: orgs: no orgs (add at least one, e.g. acme: {})""");
    }

    @Test
    void load_reportsEveryWrongShape_withTheFixDeclaredOnTheModel() throws IOException {
        group("""
                group: [customer]
                fields: { age: [int], name: }
                functions: { sql: customer/orders.sql }
                params: { home: [1, 2] }
                orgs: { acme: [x], globex: ~ }
                drift: { psi: high, null_rate: 2 }
                retention: { keep_versions: 0 }
                """);
        assertThatThrownBy(() -> loader().load("customer"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("""
                        Invalid config (9 problems):
                          config/groups/customer.yaml: group: expected a non-empty string (e.g. group: customer)
                          config/groups/customer.yaml: fields.age: expected a type name, one of %1$s
                          config/groups/customer.yaml: fields.name: expected a type name, one of %1$s
                          config/groups/customer.yaml: functions: expected a list of functions (- sql: path or - class: name)
                          config/groups/customer.yaml: params.home: expected a number, string or boolean
                          config/groups/customer.yaml: orgs.acme: expected a mapping with params:, functions: or fields: (use {} for none)
                          config/groups/customer.yaml: drift.psi: 'high' is not a number between 0 and 100
                          config/groups/customer.yaml: drift.null_rate: '2' is not a number between 0 and 1
                          config/groups/customer.yaml: retention.keep_versions: '0' is not a positive integer (set it to 1 or more)"""
                        .formatted(FieldType.knownNames()));
    }

    @Test
    void load_appliesTheModelsDefaults_whenOptionalKeysAreAbsent() throws IOException {
        group(VALID);
        GroupConfig g = loader().load("customer");
        assertThat(g.drift()).isEqualTo(DriftSettings.DEFAULT);
        assertThat(g.retainVersions()).isEqualTo(10);
        assertThat(g.orgs().get("globex").params()).isEmpty();
        assertThat(g.params()).containsEntry("home_lat", 52.5);
        assertThat(g.orgs().get("acme").params()).containsEntry("tier", "gold");
    }

    @Test
    void load_rejectsASqlParamThatAnOrgDoesNotSet() throws IOException {
        Files.writeString(config.resolve("customer/orders.sql"),
                "select id, count(*) as orders_90d from orders where amount > {{ params.tier }} and x < {{ params.home_lat }} group by id");
        group(VALID);
        assertThatThrownBy(() -> loader().load("customer"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("""
                        Invalid config (1 problem):
                          config/groups/customer.yaml: functions[0]: Cannot bind params in SQL function 'orders': it uses {{ params.tier }}, which is not set (org globex) (known: [home_lat]; add it under params:)""");
    }

    @Test
    void load_rejectsAFieldProducedByTwoFunctions() throws IOException {
        group(VALID.replace("fields: [orders_90d, spend]", "fields: [orders_90d, spend, age]"));
        assertThatThrownBy(() -> loader().load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: functions[1]: field 'age' is produced by both 'orders' and 'profile' (orgs acme, globex) (each field must come from exactly one function; remove it from one)");
    }

    @Test
    void load_rejectsADeclaredFieldNoFunctionProduces() throws IOException {
        group(VALID.replace("  vip: bool\n", "  vip: bool\n  churn: double\n"));
        assertThatThrownBy(() -> loader().load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: fields.churn: field 'churn' is declared but no function produces it (orgs acme, globex) (add a function that does, or remove the field)");
    }

    @Test
    void load_rejectsAnUndeclaredFunctionOutput() throws IOException {
        group(VALID.replace("fields: [orders_90d, spend]", "fields: [orders_90d, spend, revenue]"));
        assertThatThrownBy(() -> loader().load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: functions[0]: function 'orders' produces 'revenue', which is not declared (orgs acme, globex) (add it under fields: with its type, or drop it from the function)");
    }

    @Test
    void load_reportsAMissingJavaClass() throws IOException {
        group(VALID);
        ConfigLoader real = ConfigLoader.create(config);
        assertThatThrownBy(() -> real.load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: functions[1]: class 'dev.example.Profile' not found on the classpath (orgs acme, globex) (check the name, and that it lives in functions/features and is built)");
    }

    @Test
    void load_reportsMalformedYamlWithItsPosition() throws IOException {
        group("group: customer\nfields: [a: b\n");
        assertThatThrownBy(() -> loader().load("customer"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid config (1 problem):\n  config/groups/customer.yaml: not valid YAML at line");
    }

    @Test
    void load_rejectsAGroupNameThatDoesNotMatchTheFile() throws IOException {
        group(VALID.replace("group: customer", "group: client"));
        assertThatThrownBy(() -> loader().load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: group: 'client' does not match the file name (rename the file to client.yaml or set group: customer)");
    }

    @Test
    void load_rejectsABadSchedule() throws IOException {
        group(VALID.replace("cron(0 3 * * ? *)", "every day"));
        assertThatThrownBy(() -> loader().load("customer"))
                .hasMessageContaining("config/groups/customer.yaml: schedule: 'every day' is not an EventBridge schedule (use cron(0 3 * * ? *) or rate(1 day))");
    }

    @Test
    void load_unknownGroupListsTheKnownOnes() throws IOException {
        group(VALID);
        assertThatThrownBy(() -> loader().load("orders"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Cannot find group 'orders' (known groups: customer; add config/groups/orders.yaml)");
    }

    @Test
    void forOrg_unknownOrgListsTheKnownOnes() throws IOException {
        group(VALID);
        GroupConfig g = loader().load("customer");
        assertThatThrownBy(() -> g.forOrg("initech"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("Cannot find org 'initech' in group 'customer' (known orgs: acme, globex; add it under orgs: in ");
    }

    @Test
    void loadAll_collectsProblemsOfEveryFile() throws IOException {
        group(VALID);
        Files.writeString(config.resolve("groups/store.yaml"), "group: store\nfields: {}\nfunctions: []\norgs: { acme: {} }\n");
        List<ConfigProblem> problems = new ArrayList<>();
        var groups = loader().loadAll(problems);
        assertThat(groups).containsOnlyKeys("customer");
        assertThat(problems).extracting(ConfigProblem::toString)
                .containsExactly("config/groups/store.yaml: functions: empty (add at least one function)");
    }

    @Test
    void params_missingKeyNamesTheFix() throws IOException {
        group(VALID);
        assertThatThrownBy(() -> loader().load("customer").forOrg("globex").params().getDouble("home_long"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot find param 'home_long' (known: [home_lat]; add it under params: in the group's orgs section)");
    }

    @Test
    void fieldType_parsesNamesAndRejectsUnknown() {
        assertThat(FieldType.parse("float64")).contains(FieldType.DOUBLE);
        assertThat(FieldType.parse("DECIMAL(38, 0)")).contains(FieldType.decimal(38, 0));
        assertThat(FieldType.parse("decimal(39,0)")).isEmpty();
        assertThat(FieldType.parse("uuid")).isEqualTo(Optional.empty());
    }
}
