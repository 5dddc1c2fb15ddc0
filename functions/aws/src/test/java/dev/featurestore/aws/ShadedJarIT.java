package dev.featurestore.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.TestLake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded (and trimmed) Lambda jar as Lambda runs it: its size and contents, then every handler in its own
 * JVM with only the jar on the class path, against the emulator, over the packaged config (group customer,
 * org globex). A class the trimmer dropped wrongly, a lost Log4j plugin or a missing resource fails here.
 * The Query handler's time from JVM start to the handled event is the cold-start proxy in docs/aws.md.
 */
@ExtendWith(AwsEmulatorExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadedJarIT {
    // 24.8 MB before the API's run routes (trimmed Step Functions client, +0.55 MB), the shared router and its
    // OpenAPI document (+44 KB), lookups and training sets
    static final long MAX_BYTES = 26L * 1000 * 1000;
    private static final Path JAR = Path.of("target/featurestore-lambda.jar");
    private static final Pattern HANDLED = Pattern.compile("event 1 handled at (\\d+) ms after JVM start \\(handler ready at \\d+ ms, (-?\\d+) ms CPU\\)");
    private static final String PLATFORM = "arn:aws:sts::123456789012:assumed-role/Platform/ci";

    private AwsEmulator aws;
    private TestLake lake;
    @TempDir
    Path dir;

    @BeforeAll
    void setUp(AwsEmulator aws) {
        aws.requireMoto("the run needs moto's canned Athena results");
        this.aws = aws;
        lake = new TestLake(aws);
    }

    @Test
    void jar_isSmall_andHoldsNoHadoopNettyDuckDbOrDriftHtml() throws IOException {
        assertThat(Files.size(JAR)).as("featurestore-lambda.jar bytes").isLessThanOrEqualTo(MAX_BYTES);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> forbidden = zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/hadoop/") || n.startsWith("io/netty/") || n.startsWith("org/duckdb/")
                            || n.contains("libduckdb") || n.startsWith("software/amazon/awssdk/http/apache/")
                            || n.contains("DriftHtml") || n.endsWith("drift.css"))
                    .toList();
            assertThat(forbidden).isEmpty();
            assertThat(zip.getEntry("featurestore-config/groups/customer.yaml")).isNotNull();
            assertThat(zip.getEntry("log4j2.xml")).isNotNull();
            assertThat(zip.getEntry("dev/featurestore/build-commit.txt")).as("the git commit for versions' lineage").isNotNull();
        }
        System.out.printf("featurestore-lambda.jar: %.1f MB%n", Files.size(JAR) / 1e6);
    }

    @Test
    void everyHandler_runsFromTheJar_planCalculateMergeQuery() throws Exception {
        JsonNode plan = invoke("PlanHandler", Events.JSON.createObjectNode().put("group", "customer").put("org", "globex")).response();
        assertThat(plan.get("functions")).extracting(f -> f.get("function").asText()).containsExactly("orders", "customer_profile");

        JsonNode orders = invoke("CalculateHandler", plan.get("functions").get(0)).response();
        aws.cannedAthenaResults(List.of(
                Arrays.asList("id", "birth_date", "gender", "lat", "long", "email_opt_in"),
                Arrays.asList("c1", "1990-05-01", "f", "48.85", "2.35", "true"),
                Arrays.asList("c2", null, "m", null, null, null)),
                List.of("varchar", "date", "varchar", "double", "double", "boolean"));
        JsonNode profile = invoke("CalculateHandler", plan.get("functions").get(1)).response();
        assertThat(profile.get("rows").asLong()).isEqualTo(2);

        JsonNode merged = invoke("MergeHandler", TestLake.mergeInput(plan, orders, profile)).response();
        assertThat(merged.get("published").asBoolean()).isTrue();
        assertThat(lake.glue().getPartitions(b -> b.databaseName(lake.database).tableName("customer")).partitions()).hasSize(1);

        ObjectNode get = Events.json("api-get-group.json");
        ((ObjectNode) get.get("requestContext").get("identity")).put("userArn", PLATFORM);
        get.putObject("queryStringParameters").put("org", "globex");
        Invocation query = invoke("QueryHandler", get);
        assertThat(query.response().get("statusCode").asInt()).as(query.response().toString()).isEqualTo(200);
        assertThat(Events.JSON.readTree(query.response().get("body").asText()).get("current").asText())
                .isEqualTo(plan.get("version").asText());

        ObjectNode post = Events.json("api-post-features.json");
        ((ObjectNode) post.get("requestContext").get("identity")).put("userArn", PLATFORM);
        post.put("body", "{\"org\": \"globex\", \"features\": [\"gender\"], \"filters\": [\"gender = 'f'\"]}");
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "gender"), Arrays.asList("c1", "f")), List.of("varchar", "varchar"));
        Invocation select = invoke("QueryHandler", post);
        JsonNode rows = select.response();
        assertThat(rows.get("statusCode").asInt()).as(rows.toString()).isEqualTo(200);
        assertThat(Events.JSON.readTree(rows.get("body").asText()).get("rows").get(0).get("gender").asText()).isEqualTo("f");

        assertThat(select.logs()).as("Powertools JSON log lines").anyMatch(l -> l.startsWith("{") && l.contains("\"function_name\":\"QueryHandler\""));
        System.out.printf("cold-start proxy: QueryHandler handled its first event %d ms after JVM start (%d ms wall, JVM launch"
                + " included; %d ms CPU; load average %.1f)%n", query.handledAtMs(), query.wallMs(), query.cpuMs(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Test
    void failureHandler_runsFromTheJar() throws Exception {
        ObjectNode event = Events.json("failure.json");
        event.put("org", "globex").put("runId", "20261124T031500Z-0000").put("version", "20261124T031500Z-0000");

        JsonNode result = invoke("FailureHandler", event).response();

        assertThat(result.get("status").asText()).isEqualTo("FAILED");
    }

    record Invocation(JsonNode response, List<String> logs, long handledAtMs, long wallMs, long cpuMs) {
    }

    private Invocation invoke(String handler, JsonNode event) throws Exception {
        Path file = Files.createTempFile(dir, handler, ".json");
        Files.write(file, Events.write(event));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", JAR.toString(), LocalInvoke.class.getName(),
                handler, file.toString());
        Map<String, String> env = pb.environment();
        env.putAll(lake.env);
        env.remove("CONFIG_DIR"); // the config packaged in the jar
        env.put("ORG_ACCESS", "{\"arn:aws:iam::123456789012:role/Platform\": [\"globex\"]}");
        env.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        env.put("AWS_REGION", aws.region().id());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("WORK_DIR", dir.resolve("work").toString());
        Path out = dir.resolve(handler + "-out.txt");
        Path err = dir.resolve(handler + "-err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(handler + " finished in 60 s").isTrue();
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        assertThat(p.exitValue()).as(handler + " exit code; stderr:\n" + stderr + "\nstdout:\n" + String.join("\n", lines)).isZero();
        Matcher m = HANDLED.matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        JsonNode response = Events.JSON.readTree(lines.get(lines.size() - 1));
        return new Invocation(response, lines.subList(0, lines.size() - 1), Long.parseLong(m.group(1)), wallMs, Long.parseLong(m.group(2)));
    }
}
