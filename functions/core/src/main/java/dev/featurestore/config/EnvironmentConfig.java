package dev.featurestore.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One deployment environment as declared in {@code config/environments/<env>.yaml} (validated: see
 * {@link EnvironmentConfigLoader}). The CDK app builds one stack from each; the Lambdas receive the parts
 * they need as environment variables.
 *
 * @param name        the environment ({@code dev}, {@code prod}); equals the file name
 * @param account     the AWS account, or empty to deploy to the account of the caller's credentials
 * @param region      the AWS region
 * @param bucket      the data lake bucket name; may contain {@code {account}} and {@code {region}}, resolved at deploy
 * @param database    the Glue database holding one table per group
 * @param athena      the Athena workgroup and its per-query scan cutoff
 * @param functions   memory and timeout per Lambda role
 * @param workflow    the Step Functions settings
 * @param api         the query API's throttling
 * @param retention   how long staging partials and query results are kept
 * @param sources     where the SQL feature functions read their source tables
 * @param orgs        the orgs deployed to this environment (each gets its schedules)
 * @param access      which caller may read which org
 * @param alarmEmails who is emailed when a materialization fails (may be empty)
 * @param source      the file this was read from
 */
public record EnvironmentConfig(
        String name,
        Optional<String> account,
        String region,
        String bucket,
        String database,
        Athena athena,
        Functions functions,
        Workflow workflow,
        Api api,
        Retention retention,
        Sources sources,
        List<String> orgs,
        OrgAccess access,
        List<String> alarmEmails,
        Path source) {

    public EnvironmentConfig {
        orgs = List.copyOf(orgs);
        alarmEmails = List.copyOf(alarmEmails);
    }

    /** The bucket name with {@code {account}} and {@code {region}} replaced by the given values. */
    public String bucketName(String accountValue, String regionValue) {
        return bucket.replace("{account}", accountValue).replace("{region}", regionValue);
    }

    /** @param bytesScannedCutoff a query scanning more than this is cancelled by Athena */
    public record Athena(String workgroup, long bytesScannedCutoff) {}

    /** Memory and timeout of one Lambda function. */
    public record FunctionSettings(int memoryMb, Duration timeout) {}

    /** One {@link FunctionSettings} per Lambda role. */
    public record Functions(FunctionSettings plan, FunctionSettings calculate, FunctionSettings merge,
                            FunctionSettings query) {}

    /**
     * @param mapConcurrency how many feature functions of one run calculate at once
     * @param timeout        the whole execution's limit
     */
    public record Workflow(int mapConcurrency, Duration timeout) {}

    /** API Gateway stage throttling: steady requests per second and burst. */
    public record Api(double throttleRate, int throttleBurst) {}

    /** Days after which S3 deletes abandoned staging partials and Athena query results. */
    public record Retention(int stagingDays, int queryResultsDays) {}

    /**
     * Where SQL feature functions read: the Glue database of the source tables ({@code {org}} is replaced by the
     * org; empty: the environment's own database) and the buckets holding their data (read access is granted).
     */
    public record Sources(Optional<String> glueDatabase, List<String> buckets) {
        public Sources {
            buckets = List.copyOf(buckets);
        }
    }

    /**
     * Tenancy: the org a caller may read comes from its identity (the IAM principal API Gateway authenticated),
     * never from the request alone.
     *
     * @param principals principal ARN (role, user or assumed-role; {@code *} globs allowed) to the orgs it may read
     */
    public record OrgAccess(Map<String, List<String>> principals) {
        public OrgAccess {
            TreeMap<String, List<String>> copy = new TreeMap<>();
            principals.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            principals = java.util.Collections.unmodifiableMap(copy);
        }
    }
}
