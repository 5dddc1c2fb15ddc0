package dev.featurestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConfigException;
import dev.featurestore.error.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentConfigLoaderTest {

    static final String MINIMAL = """
            environment: dev
            region: eu-central-1
            bucket: featurestore-dev-{account}-{region}
            glue_database: featurestore_dev
            athena: { workgroup: featurestore-dev, bytes_scanned_cutoff: 10GB }
            orgs: [acme]
            access: { principals: { "arn:aws:iam::*:role/featurestore-*": acme } }
            """;

    @TempDir
    Path config;

    private EnvironmentConfigLoader write(String env, String yaml) throws IOException {
        Files.createDirectories(config.resolve("environments"));
        Files.writeString(config.resolve("environments").resolve(env + ".yaml"), yaml);
        return EnvironmentConfigLoader.create(config);
    }

    private String problems(String yaml) throws IOException {
        EnvironmentConfigLoader loader = write("dev", yaml);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> loader.load("dev"));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    @Test
    void load_minimalFile_appliesDefaults() throws IOException {
        EnvironmentConfig env = write("dev", MINIMAL).load("dev");

        assertThat(env.name()).isEqualTo("dev");
        assertThat(env.account()).isEmpty();
        assertThat(env.region()).isEqualTo("eu-central-1");
        assertThat(env.database()).isEqualTo("featurestore_dev");
        assertThat(env.athena()).isEqualTo(new EnvironmentConfig.Athena("featurestore-dev", 10_000_000_000L));
        assertThat(env.functions()).isEqualTo(EnvironmentConfigLoader.DEFAULT_FUNCTIONS);
        assertThat(env.workflow()).isEqualTo(EnvironmentConfigLoader.DEFAULT_WORKFLOW);
        assertThat(env.api()).isEqualTo(EnvironmentConfigLoader.DEFAULT_API);
        assertThat(env.retention()).isEqualTo(EnvironmentConfigLoader.DEFAULT_RETENTION);
        assertThat(env.orgs()).containsExactly("acme");
        assertThat(env.sources()).isEqualTo(new EnvironmentConfig.Sources(Optional.empty(), List.of()));
        assertThat(env.access()).isEqualTo(new EnvironmentConfig.OrgAccess(Map.of("arn:aws:iam::*:role/featurestore-*", List.of("acme"))));
    }

    @Test
    void load_fullFile_readsEverySetting() throws IOException {
        EnvironmentConfig env = write("prod", """
                environment: prod
                account: "123456789012"
                region: us-east-1
                bucket: fs-prod-data
                glue_database: fs_prod
                athena: { workgroup: fs-prod, bytes_scanned_cutoff: 1TiB }
                functions:
                  plan: { memory_mb: 256, timeout_seconds: 30 }
                  calculate: { memory_mb: 4096 }
                  merge: { memory_mb: 10240, timeout_seconds: 900 }
                  query: { memory_mb: 2048, timeout_seconds: 20 }
                workflow: { map_concurrency: 16, timeout_minutes: 30 }
                api: { throttle_rate: 5.5, throttle_burst: 11 }
                retention: { staging_days: 2, query_results_days: 1 }
                sources: { glue_database: "raw_{org}", buckets: [raw-data, partner-drop] }
                orgs: [acme, globex]
                access:
                  principals:
                    arn:aws:iam::123456789012:role/globex-analysts: globex
                    arn:aws:sts::123456789012:assumed-role/admins/*: [acme, globex]
                alarm_emails: [data-team@example.com]
                """).load("prod");

        assertThat(env.account()).contains("123456789012");
        assertThat(env.bucketName("1", "r")).isEqualTo("fs-prod-data");
        assertThat(env.athena().bytesScannedCutoff()).isEqualTo(1L << 40);
        assertThat(env.functions().plan()).isEqualTo(new EnvironmentConfig.FunctionSettings(256, Duration.ofSeconds(30)));
        assertThat(env.functions().calculate()).isEqualTo(new EnvironmentConfig.FunctionSettings(4096, Duration.ofSeconds(900)));
        assertThat(env.functions().merge().memoryMb()).isEqualTo(10240);
        assertThat(env.functions().query().timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(env.workflow()).isEqualTo(new EnvironmentConfig.Workflow(16, Duration.ofMinutes(30)));
        assertThat(env.api()).isEqualTo(new EnvironmentConfig.Api(5.5, 11));
        assertThat(env.retention()).isEqualTo(new EnvironmentConfig.Retention(2, 1));
        assertThat(env.alarmEmails()).containsExactly("data-team@example.com");
        assertThat(env.sources()).isEqualTo(new EnvironmentConfig.Sources(Optional.of("raw_{org}"), List.of("raw-data", "partner-drop")));
        assertThat(env.access().principals()).containsExactly(
                Map.entry("arn:aws:iam::123456789012:role/globex-analysts", List.of("globex")),
                Map.entry("arn:aws:sts::123456789012:assumed-role/admins/*", List.of("acme", "globex")));
    }

    @Test
    void bucketName_replacesPlaceholders() throws IOException {
        EnvironmentConfig env = write("dev", MINIMAL).load("dev");

        assertThat(env.bucketName("123456789012", "eu-west-1")).isEqualTo("featurestore-dev-123456789012-eu-west-1");
    }

    @Test
    void load_unknownEnvironment_namesTheKnownOnesAndTheFile() throws IOException {
        EnvironmentConfigLoader loader = write("dev", MINIMAL);

        assertThatThrownBy(() -> loader.load("staging"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Cannot find environment 'staging' (known environments: dev; add "
                        + config.getFileName() + "/environments/staging.yaml)");
    }

    @Test
    void load_everyProblem_isReportedAtOnceWithFileKeyAndFix() throws IOException {
        String message = problems("""
                environment: develop
                account: 1234
                region: europe
                bucket: Feature_Store
                glue_database: feature-store
                athena: { workgroup: "bad name", bytes_scanned_cutoff: 1MB }
                functions: { plan: { memory_mb: 64 }, query: { timeout_seconds: 60 }, worker: {} }
                workflow: { map_concurrency: 0 }
                orgs: [acme, acme, Bad]
                sources: { glue_database: Raw, buckets: ["s3://raw"] }
                access: { principals: { "not-an-arn": acme, "arn:aws:iam::123456789012:role/x": [acme, globex] } }
                colour: blue
                alarm_emails: [nobody]
                """);

        String f = config.getFileName() + "/environments/dev.yaml";
        assertThat(message).startsWith("Invalid config (19 problems):").contains(
                f + ": colour: unknown key (allowed here: access, account, alarm_emails, api, athena, bucket, environment, functions, glue_database, orgs, region, retention, sources, workflow)",
                f + ": alarm_emails[0]: 'nobody' is not an email address",
                f + ": sources.glue_database: 'Raw' is not a valid Glue database name (lowercase letters, digits and _; {org} is replaced by the org)",
                f + ": sources.buckets[0]: 's3://raw' is not a valid S3 bucket name (a name, not an s3:// URL)",
                f + ": environment: 'develop' does not match the file name (rename the file to develop.yaml or set environment: dev)",
                f + ": account: '1234' is not a 12-digit AWS account id (quote it, e.g. account: \"123456789012\", or remove the key to use the account of your credentials)",
                f + ": region: 'europe' is not an AWS region (e.g. eu-central-1, us-east-1)",
                f + ": bucket: 'Feature_Store' is not a valid S3 bucket name (3-63 lowercase letters, digits, - and ., e.g. featurestore-dev-{account}-{region})",
                f + ": glue_database: 'feature-store' is not a valid Glue database name for Athena (lowercase letters, digits and _)",
                f + ": athena.workgroup: 'bad name' is not a valid workgroup name (letters, digits, ., _ and -, at most 128)",
                f + ": athena.bytes_scanned_cutoff: '1MB' is below Athena's minimum of 10MB (raise it)",
                f + ": functions.worker: unknown key (allowed here: calculate, merge, plan, query)",
                f + ": functions.plan.memory_mb: '64' is not an integer between 128 and 10240",
                f + ": functions.query.timeout_seconds: '60' is not an integer between 1 and 29",
                f + ": workflow.map_concurrency: '0' is not an integer between 1 and 1000",
                f + ": orgs[1]: 'acme' is listed twice (remove one)",
                f + ": orgs[2]: 'Bad' is not a valid org name (lowercase letters, digits, _ and -)",
                f + ": access.principals.not-an-arn: 'not-an-arn' is not an IAM role, user or assumed-role ARN (e.g. arn:aws:iam::123456789012:role/acme-analysts; * matches any characters)",
                f + ": access.principals.arn:aws:iam::123456789012:role/x: org 'globex' is not deployed here (use one of [acme], or add it under orgs:)");
    }

    @Test
    void load_missingRequiredKeys_saysWhatToAdd() throws IOException {
        String message = problems("{}");

        String f = config.getFileName() + "/environments/dev.yaml";
        assertThat(message).contains(
                f + ": environment: missing (add environment: dev)",
                f + ": region: missing (add region: eu-central-1)",
                f + ": bucket: missing (add bucket: featurestore-dev-{account}-{region})",
                f + ": glue_database: missing (add glue_database: featurestore_dev)",
                f + ": athena: missing (add athena: { workgroup: featurestore-dev, bytes_scanned_cutoff: 10GB })",
                f + ": orgs: missing (list the orgs deployed here, e.g. orgs: [acme])",
                f + ": access: missing (say which IAM principals may read which orgs: access: { principals: { arn:aws:iam::123456789012:role/acme-analysts: acme } })");
    }

    @Test
    void load_invalidYaml_namesLine() throws IOException {
        String message = problems("environment: [dev\n");

        assertThat(message).contains("environments/dev.yaml: not valid YAML at line").contains("(fix the syntax)");
    }

    @Test
    void load_unknownPlaceholderAndBadCutoff_areReported() throws IOException {
        String message = problems(MINIMAL.replace("{account}-{region}", "{stage}").replace("10GB", "lots"));

        assertThat(message).contains(
                "bucket: 'featurestore-dev-{stage}' has an unknown placeholder (only {account} and {region} are replaced)",
                "athena.bytes_scanned_cutoff: 'lots' is not a size (use bytes or a unit: 500MB, 10GB, 1TiB)");
    }

    @Test
    void load_emptyAccess_isAnError() throws IOException {
        String message = problems(MINIMAL.replace("access: { principals: { \"arn:aws:iam::*:role/featurestore-*\": acme } }", "access: {}"));

        assertThat(message).contains("access.principals: empty (map at least one principal, or no caller can read any org: "
                + "access: { principals: { arn:aws:iam::123456789012:role/acme-analysts: acme } })");
    }

    @Test
    void loadAll_readsEveryFileSorted() throws IOException {
        write("dev", MINIMAL);
        write("prod", MINIMAL.replace("environment: dev", "environment: prod"));

        assertThat(EnvironmentConfigLoader.create(config).loadAll()).containsOnlyKeys("dev", "prod");
        assertThat(EnvironmentConfigLoader.create(config).names()).containsExactly("dev", "prod");
    }

    @Test
    void shippedEnvironments_areValid() {
        Path root = Path.of(System.getProperty("featurestore.root", "../.."));
        Map<String, EnvironmentConfig> all = EnvironmentConfigLoader.create(root.resolve("config")).loadAll();

        assertThat(all).containsKeys("dev", "prod");
        assertThat(all.get("prod").account()).isPresent();
        assertThat(all.get("dev").orgs()).isNotEmpty();
    }
}
