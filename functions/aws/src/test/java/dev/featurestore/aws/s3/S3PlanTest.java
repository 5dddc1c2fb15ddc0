package dev.featurestore.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.local.cli.Main;
import dev.featurestore.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code featurestore plan -c env=dev} run through the CLI, which finds this module's {@link S3EnvironmentLakes}
 * with the ServiceLoader and reads the environment's bucket on the emulator: a lake calculated locally is
 * uploaded to the bucket the dev environment file names, then the config is edited.
 */
@ExtendWith(AwsEmulatorExtension.class)
class S3PlanTest {
    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "featurestore-dev-" + ACCOUNT + "-eu-central-1";

    @TempDir
    Path lake;
    @TempDir
    Path config;
    @TempDir
    Path emptyLake;
    private S3Client s3;
    private Map<String, String> variables;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void calculateLocallyAndUpload(AwsEmulator aws) throws IOException {
        aws.requireMoto("the bucket is emptied between tests");
        aws.reset();
        Path root = repoRoot();
        TestFiles.copyTree(root.resolve("config"), config);
        variables = new HashMap<>(Map.of("FEATURESTORE_ROOT", root.toString(), "AWS_ENDPOINT_URL", aws.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
        assertThat(cli(lake, "sources", "--customers", "200").exitCode()).isZero();
        Result calculated = cli(lake, "calculate", "customer");
        assertThat(calculated.exitCode()).as(calculated.err()).isZero();
        assertThat(cli(lake, "get", "customer", "--org", "acme", "--features", "orders_total", "--exclude", "*",
                "--consumer", "ltv-model", "--limit", "1").exitCode()).isZero();
        s3 = AwsClients.forEndpoint(aws.endpoint(), Region.EU_CENTRAL_1, aws.credentials()).s3();
        s3.createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        S3ObjectStore bucket = S3ObjectStore.create(s3, BUCKET);
        try (Stream<Path> files = Files.walk(lake)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = lake.relativize(f).toString().replace('\\', '/');
                if (key.startsWith("features/") || key.startsWith("usage/")) {
                    bucket.putFile(key, f);
                }
            }
        }
    }

    @AfterEach
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void plan_againstTheEnvironmentsBucket_exits0_whenTheConfigMatchesWhatItCalculated() {
        Result r = plan();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("against environment dev s3://" + BUCKET + "/ (environment dev: orgs acme, globex)",
                "No changes: every group and org of the config matches its newest version.");
    }

    @Test
    void plan_againstTheEnvironmentsBucket_listsChanges_withTheReadersItsUsageLogNames() throws IOException {
        edit("groups/customer.yaml", "schedule: cron(0 3 * * ? *)", "schedule: rate(6 hours)");
        edit("groups/customer.yaml", "  orders_total: { type: bigint, description: Orders placed since the customer signed up, unit: orders, tags: [activity] }\n", "");
        edit("customer/orders.sql", ", p.orders_total\n", "\n");

        Result r = plan();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).containsPattern("customer/acme\n  - field orders_total \\(bigint\\) BREAKS: published version [^\n]*\n"
                + "      read in the last 30 days by: ltv-model\n");
        assertThat(r.out()).contains("  ~ schedule rate(6 hours) (was cron(0 3 * * ? *))\n",
                "Nothing was changed: deploying and the next run of each group apply them.");
        Result local = cli(emptyLake, "plan", "--config", config.toString(), "-c", "env=dev", "--local-lake");
        assertThat(local.out()).contains("+ group customer"); // the local lake is empty: the bucket was read above
    }

    @Test
    void plan_againstAnEnvironmentWhoseBucketDoesNotExist_exits3_namingTheBucket() {
        s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(s3.listObjectsV2(l -> l.bucket(BUCKET)).contents().stream()
                .map(o -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(o.key()).build()).toList())));
        s3.deleteBucket(b -> b.bucket(BUCKET));

        Result r = plan();

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("featurestore: Cannot read the lake of the environment: bucket " + BUCKET
                + " does not exist in eu-central-1 (is the environment deployed, and is the account right?)\n");
    }

    private Result plan() {
        return cli(emptyLake, "plan", "--config", config.toString(), "-c", "env=dev", "-c", "account=" + ACCOUNT);
    }

    private Result cli(Path lakeDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--lake");
        all.add(lakeDir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), variables, false);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path p = config.resolve(file);
        String text = Files.readString(p);
        assertThat(text).contains(from);
        Files.writeString(p, text.replace(from, to));
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("config/groups"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }
}
