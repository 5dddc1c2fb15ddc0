package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in schemas are the ones the model generates, and a maintained JSON Schema validator (networknt)
 * agrees with {@code featurestore validate} on every example config of the test suite: a file the schema
 * rejects is one whose shape validate rejects, and a file validate accepts the schema accepts too.
 */
class ConfigSchemaTest {
    private static final Path ROOT = Path.of(System.getProperty("featurestore.root", "../.."));
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    Path tmp;

    @Test
    void checkedInSchemas_areTheGeneratedOnes() throws IOException {
        current(ConfigSchema.GROUP_FILE, ConfigSchema.group());
        current(ConfigSchema.ENVIRONMENT_FILE, ConfigSchema.environment());
    }

    /** Compares; with -Dfeaturestore.schema.write=true writes the generated schema instead. */
    private static void current(String name, String generated) throws IOException {
        Path file = ROOT.resolve("config").resolve(name);
        if (Boolean.getBoolean("featurestore.schema.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated);
        }
        assertThat(Files.exists(file) ? Files.readString(file) : "")
                .as(file + " is stale: regenerate it with mvn -pl functions/core verify -Dtest=ConfigSchemaTest -Dfeaturestore.schema.write=true")
                .isEqualTo(generated);
    }

    @Test
    void schemaAndValidate_agreeOnEveryGroupExample() throws IOException {
        Files.createDirectories(tmp.resolve("config/groups"));
        Files.createDirectories(tmp.resolve("config/customer"));
        Files.writeString(tmp.resolve("config/customer/orders.sql"), "select id, 1 as orders_90d from orders");
        List<String> examples = new ArrayList<>(List.of(ConfigLoaderTest.VALID,
                ConfigLoaderTest.VALID.replace("cron(0 3 * * ? *)", "every day"),
                ConfigLoaderTest.VALID.replace("  vip: bool\n", "  vip: bool\n  churn: double\n"),
                ConfigLoaderTest.VALID + "colour: blue\n",
                ConfigLoaderTest.VALID.replace("orgs:\n", "drift: { psi: 0.5, null_rate: 0.1 }\nretention: { keep_versions: 3 }\norgs:\n"),
                ConfigLoaderTest.VALID.replace("orgs:\n", "drift: { psi: -1 }\norgs:\n"),
                ConfigLoaderTest.VALID.replace("orgs:\n", "retention: { keep_versions: 0 }\norgs:\n"),
                ConfigLoaderTest.VALID.replace("age: int64", "age: { type: int64 }"),
                "group: customer\nfields: {}\nfunctions: []\norgs: { acme: {} }\n",
                "group: customer\nfields: { age: int }\nfunctions: [{ class: a.B, fields: [age] }]\norgs: {}\n",
                "group: customer\nfields: [age]\nfunctions: { sql: customer/orders.sql }\norgs: [acme]\n",
                "group: customer\nfields: { a: int }\nfunctions: [{ class: a.B, fields: [] }]\norgs: { acme: {} }\nparams: { p: [1] }\n",
                "description: no group key\nfields: { a: int }\nfunctions: [{ class: a.B }]\norgs: { acme: {} }\n"));
        for (Path shipped : yamlFiles(ROOT.resolve("config/groups"), ROOT.resolve("functions/aws/src/test/resources/test-config/groups"),
                ROOT.resolve("infra/src/test/resources/fixture-config/groups"), ROOT.resolve("functions/bench/get-config/groups"))) {
            examples.add(Files.readString(shipped));
        }
        ConfigLoader loader = ConfigLoader.create(tmp.resolve("config"), FunctionOutputs.LISTED);
        Schema schema = REGISTRY.getSchema(ConfigSchema.group());
        for (String yaml : examples) {
            String name = YAML.readTree(yaml).path("group").asText("customer");
            Path file = Files.writeString(tmp.resolve("config/groups/" + name + ".yaml"), yaml);
            List<ConfigProblem> shape = new ArrayList<>();
            YamlFiles.read(file, "f", GroupFile.class, "", java.util.Map.of(), shape);
            List<ConfigProblem> all = new ArrayList<>();
            loader.parse(file, all);
            agree(yaml, schema.validate(YAML.readTree(yaml)), shape, all);
            Files.delete(file);
        }
    }

    @Test
    void schemaAndValidate_agreeOnEveryEnvironmentExample() throws IOException {
        Files.createDirectories(tmp.resolve("config/environments"));
        String m = EnvironmentConfigLoaderTest.MINIMAL;
        List<String> examples = new ArrayList<>(List.of(m,
                m + "functions: { plan: { memory_mb: 256 }, query: { timeout_seconds: 20 } }\nworkflow: { map_concurrency: 16 }\n",
                m + "api: { throttle_rate: 5.5, throttle_burst: 11 }\nretention: { staging_days: 2 }\nalarm_emails: [a@example.com]\n",
                m + "sources: { glue_database: \"raw_{org}\", buckets: [raw-data] }\naccount: \"123456789012\"\n",
                m.replace("10GB", "10000000000"),
                m.replace("10GB", "1MB"),
                m.replace("region: eu-central-1", "region: europe"),
                m + "functions: { query: { timeout_seconds: 60 } }\n",
                m + "workflow: { map_concurrency: 0 }\n",
                m + "api: { throttle_rate: 0 }\n",
                m + "colour: blue\n",
                m.replace("orgs: [acme]", "orgs: []"),
                m.replace("orgs: [acme]", "orgs: acme"),
                m.replace("access: { principals: { \"arn:aws:iam::*:role/featurestore-*\": acme } }", "access: {}"),
                m.replace("acme } }", "[acme] } }"),
                m.replace("acme } }", "[] } }"),
                "{}\n"));
        for (Path shipped : yamlFiles(ROOT.resolve("config/environments"))) {
            examples.add(Files.readString(shipped));
        }
        EnvironmentConfigLoader loader = EnvironmentConfigLoader.create(tmp.resolve("config"));
        Schema schema = REGISTRY.getSchema(ConfigSchema.environment());
        for (String yaml : examples) {
            String name = YAML.readTree(yaml).path("environment").asText("dev");
            Path file = Files.writeString(tmp.resolve("config/environments/" + name + ".yaml"), yaml);
            List<ConfigProblem> shape = new ArrayList<>();
            YamlFiles.read(file, "f", EnvironmentFile.class, "", java.util.Map.of(), shape);
            List<ConfigProblem> all = new ArrayList<>();
            loader.parse(file, all);
            agree(yaml, schema.validate(YAML.readTree(yaml)), shape, all);
            Files.delete(file);
        }
    }

    private static void agree(String yaml, List<Error> schemaErrors, List<ConfigProblem> shape, List<ConfigProblem> all) {
        assertThat(schemaErrors.isEmpty())
                .as("schema errors %s vs shape problems %s for:%n%s", schemaErrors, shape, yaml)
                .isEqualTo(shape.isEmpty());
        if (all.isEmpty()) {
            assertThat(schemaErrors).as("validate accepts, so must the schema:%n%s", yaml).isEmpty();
        }
    }

    private static List<Path> yamlFiles(Path... dirs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).as("example configs").isNotEmpty();
        return files;
    }
}
