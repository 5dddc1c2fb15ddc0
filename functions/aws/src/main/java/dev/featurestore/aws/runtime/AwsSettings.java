package dev.featurestore.aws.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a Lambda function is told by its environment variables (set by the infra stack):
 *
 * <pre>
 * BUCKET            the data lake bucket (required)
 * DATA_PREFIX       key prefix inside the bucket (default: none)
 * GLUE_DATABASE     the environment's Glue database (required)
 * ATHENA_WORKGROUP  the workgroup with the bytes-scanned cutoff (default: primary)
 * ENVIRONMENT       dev, prod, ... (default: dev)
 * ORG_ACCESS        JSON: principal ARN (glob) → orgs it may read, e.g. {"arn:aws:iam::1:role/Acme*": ["acme"]}
 * CONFIG_DIR        a directory with groups/*.yaml (default: the config packaged in the jar)
 * SOURCE_DATABASE   database of the source tables; "{org}" is replaced by the org (default: GLUE_DATABASE)
 * RESULTS_PREFIX    where query results are unloaded (default: query-results/)
 * QUERY_TIMEOUT_SECONDS  how long the API waits for Athena before answering 504 (default: 25, under API Gateway's 29)
 * MAX_JSON_ROWS     larger results are refused inline (JSON/CSV): ask for format parquet (default: 10000)
 * WORK_DIR          local scratch for partials, merges and the extracted config (default: $TMPDIR/featurestore-work)
 * STATE_MACHINE_ARN the materialization state machine, which POST /groups/{group}/runs starts (query function only)
 * ORG_AUTHORIZER    true when a Lambda authorizer sets requestContext.authorizer.orgs; only then are those orgs
 *                   used instead of ORG_ACCESS (default: false; the stack deploys no authorizer)
 * </pre>
 */
public record AwsSettings(String bucket, String dataPrefix, String glueDatabase, String workgroup, String environment,
                          OrgAccess orgAccess, Optional<Path> configDir, String sourceDatabase, String resultsPrefix,
                          Duration queryTimeout, long maxJsonRows, Path workDir, boolean orgAuthorizer,
                          Optional<String> stateMachineArn) {

    public static AwsSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static AwsSettings from(Map<String, String> variables) {
        EnvironmentVariables env = new EnvironmentVariables(variables);
        String database = env.required("GLUE_DATABASE");
        String prefix = env.get("DATA_PREFIX", "");
        return new AwsSettings(
                env.required("BUCKET"),
                prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/",
                database,
                env.get("ATHENA_WORKGROUP", "primary"),
                env.get("ENVIRONMENT", "dev"),
                OrgAccess.parse(env.get("ORG_ACCESS", "{}")),
                env.optional("CONFIG_DIR").map(Path::of),
                env.get("SOURCE_DATABASE", database),
                env.get("RESULTS_PREFIX", "query-results/"),
                Duration.ofSeconds(env.number("QUERY_TIMEOUT_SECONDS", 25)),
                env.number("MAX_JSON_ROWS", 10_000),
                Path.of(env.get("WORK_DIR", System.getProperty("java.io.tmpdir") + "/featurestore-work")),
                env.flag("ORG_AUTHORIZER"),
                env.optional("STATE_MACHINE_ARN"));
    }

    /** The database holding an org's source tables. */
    public String sourceDatabase(String org) {
        return sourceDatabase.replace("{org}", org);
    }
}
