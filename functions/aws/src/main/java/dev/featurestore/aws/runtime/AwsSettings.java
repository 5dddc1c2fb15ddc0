package dev.featurestore.aws.runtime;

import dev.featurestore.error.ConfigException;
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

    public static AwsSettings from(Map<String, String> env) {
        String database = required(env, "GLUE_DATABASE");
        String prefix = env.getOrDefault("DATA_PREFIX", "");
        return new AwsSettings(
                required(env, "BUCKET"),
                prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/",
                database,
                env.getOrDefault("ATHENA_WORKGROUP", "primary"),
                env.getOrDefault("ENVIRONMENT", "dev"),
                OrgAccess.parse(env.getOrDefault("ORG_ACCESS", "{}")),
                Optional.ofNullable(env.get("CONFIG_DIR")).filter(s -> !s.isBlank()).map(Path::of),
                env.getOrDefault("SOURCE_DATABASE", database),
                env.getOrDefault("RESULTS_PREFIX", "query-results/"),
                Duration.ofSeconds(number(env, "QUERY_TIMEOUT_SECONDS", 25)),
                number(env, "MAX_JSON_ROWS", 10_000),
                Path.of(env.getOrDefault("WORK_DIR", System.getProperty("java.io.tmpdir") + "/featurestore-work")),
                flag(env, "ORG_AUTHORIZER"),
                Optional.ofNullable(env.get("STATE_MACHINE_ARN")).filter(s -> !s.isBlank()));
    }

    /** The database holding an org's source tables. */
    public String sourceDatabase(String org) {
        return sourceDatabase.replace("{org}", org);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new ConfigException("Cannot start: environment variable " + name + " is not set (the infra stack sets it; "
                    + "for a local run export it)");
        }
        return v;
    }

    private static boolean flag(Map<String, String> env, String name) {
        String v = env.getOrDefault(name, "false").trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") || v.isEmpty()) {
            return v.equalsIgnoreCase("true");
        }
        throw new ConfigException("Cannot start: environment variable " + name + " is '" + v + "', not true or false");
    }

    private static long number(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("Cannot start: environment variable " + name + " is '" + v + "', not a whole number");
        }
    }
}
