package dev.featurestore.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * An environment file ({@code config/environments/<env>.yaml}) exactly as written: keys, types, required keys,
 * defaults and the fix for each wrong shape, declared once. {@link EnvironmentRules} checks the values and builds
 * the {@link EnvironmentConfig}; {@link ConfigSchema} publishes it (config/schema/environment.schema.json).
 */
@JsonClassDescription("One deployment environment: where it runs, its limits, its orgs and who may read them.")
record EnvironmentFile(
        @JsonProperty(required = true)
        @JsonPropertyDescription("The environment's name; equals the file name. Lowercase letters, digits and -, at most 20.")
        @KeyRules(missing = "add environment: ${file}")
        String environment,

        @JsonPropertyDescription("The 12-digit AWS account (quoted); absent: the account of your credentials.")
        @KeyRules(shape = "'${value}' is not a 12-digit AWS account id (quote it, e.g. account: \"123456789012\", or remove the key to use the account of your credentials)")
        String account,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The AWS region, e.g. eu-central-1.")
        @KeyRules(missing = "add region: eu-central-1")
        String region,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The data lake bucket; {account} and {region} are replaced at deploy.")
        @KeyRules(missing = "add bucket: featurestore-${file}-{account}-{region}")
        String bucket,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The Glue database holding one table per group.")
        @KeyRules(missing = "add glue_database: featurestore_${file_}")
        String glueDatabase,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The Athena workgroup and the most one query may scan.")
        @KeyRules(missing = "add athena: { workgroup: featurestore-${file}, bytes_scanned_cutoff: 10GB }")
        Athena athena,

        @JsonPropertyDescription("Memory and timeout per Lambda role.")
        Functions functions,

        @JsonPropertyDescription("The Step Functions settings.")
        Workflow workflow,

        @JsonPropertyDescription("The query API's throttling.")
        Api api,

        @JsonPropertyDescription("Days after which abandoned staging partials and query results are deleted.")
        Retention retention,

        @JsonPropertyDescription("Where SQL feature functions read their source tables.")
        Sources sources,

        @JsonProperty(required = true)
        @JsonPropertyDescription("The orgs deployed to this environment.")
        @KeyRules(missing = "list the orgs deployed here, e.g. orgs: [acme]",
                shape = "expected a list of org names (e.g. orgs: [acme, globex])",
                empty = "empty (list at least one org)")
        List<String> orgs,

        @JsonProperty(required = true)
        @JsonPropertyDescription("Which IAM principals may read which orgs.")
        @KeyRules(missing = "say which IAM principals may read which orgs: " + EnvironmentFile.ACCESS_EXAMPLE)
        Access access,

        @JsonPropertyDescription("Who is emailed when a materialization fails.")
        @KeyRules(shape = "expected a list of email addresses (e.g. alarm_emails: [data-team@example.com])")
        List<String> alarmEmails) {

    static final String ACCESS_EXAMPLE = "access: { principals: { arn:aws:iam::123456789012:role/acme-analysts: acme } }";

    EnvironmentFile {
        functions = functions == null ? new Functions(null, null, null, null) : functions;
        workflow = workflow == null ? new Workflow(null, null) : workflow;
        api = api == null ? new Api(null, null) : api;
        retention = retention == null ? new Retention(null, null) : retention;
        sources = sources == null ? new Sources(null, null) : sources;
        alarmEmails = alarmEmails == null ? List.of() : alarmEmails;
    }

    record Athena(
            @JsonProperty(required = true)
            @JsonPropertyDescription("The Athena workgroup the functions run in.")
            @KeyRules(missing = "add workgroup: featurestore-${file}")
            String workgroup,

            @JsonProperty(required = true)
            @JsonPropertyDescription("The most one query may scan: bytes or a size with a unit (500MB, 10GB, 1TiB); at least 10MB.")
            @KeyRules(missing = "set the most one query may scan, e.g. bytes_scanned_cutoff: 10GB", orInteger = true)
            String bytesScannedCutoff) {
    }

    /** Memory and timeout per Lambda role; each role has its own defaults. */
    record Functions(
            @JsonPropertyDescription("The planning Lambda (default 512 MB, 60 s).") Lambda plan,
            @JsonPropertyDescription("The calculating Lambda (default 2048 MB, 900 s).") Lambda calculate,
            @JsonPropertyDescription("The merging Lambda (default 3008 MB, 900 s).") Lambda merge,
            @JsonPropertyDescription("The query Lambda (default 1024 MB, 29 s: API Gateway gives up after 29 s).") QueryLambda query) {

        Functions {
            plan = plan == null ? new Lambda(null, null) : plan;
            calculate = calculate == null ? new Lambda(null, null) : calculate;
            merge = merge == null ? new Lambda(null, null) : merge;
            query = query == null ? new QueryLambda(null, null) : query;
        }

        EnvironmentConfig.Functions toConfig() {
            return new EnvironmentConfig.Functions(plan.toConfig(512, 60), calculate.toConfig(2048, 900),
                    merge.toConfig(3008, 900), query.toConfig(1024, 29));
        }
    }

    record Lambda(
            @JsonPropertyDescription("Memory in MB.") @KeyRules(min = 128, max = 10240) Integer memoryMb,
            @JsonPropertyDescription("Timeout in seconds.") @KeyRules(min = 1, max = 900) Integer timeoutSeconds) {

        EnvironmentConfig.FunctionSettings toConfig(int defaultMemory, int defaultTimeout) {
            return new EnvironmentConfig.FunctionSettings(memoryMb == null ? defaultMemory : memoryMb,
                    java.time.Duration.ofSeconds(timeoutSeconds == null ? defaultTimeout : timeoutSeconds));
        }
    }

    /** The query Lambda: a longer timeout than API Gateway's 29 s would only hide errors. */
    record QueryLambda(
            @JsonPropertyDescription("Memory in MB.") @KeyRules(min = 128, max = 10240) Integer memoryMb,
            @JsonPropertyDescription("Timeout in seconds.") @KeyRules(min = 1, max = 29) Integer timeoutSeconds) {

        EnvironmentConfig.FunctionSettings toConfig(int defaultMemory, int defaultTimeout) {
            return new Lambda(memoryMb, timeoutSeconds).toConfig(defaultMemory, defaultTimeout);
        }
    }

    record Workflow(
            @JsonPropertyDescription("How many feature functions of one run calculate at once (default 4).")
            @KeyRules(min = 1, max = 1000) Integer mapConcurrency,
            @JsonPropertyDescription("The whole execution's limit in minutes (default 120).")
            @KeyRules(min = 1, max = 1440) Integer timeoutMinutes) {

        Workflow {
            mapConcurrency = mapConcurrency == null ? 4 : mapConcurrency;
            timeoutMinutes = timeoutMinutes == null ? 120 : timeoutMinutes;
        }
    }

    record Api(
            @JsonPropertyDescription("Steady requests per second (default 20).")
            @KeyRules(min = 0, exclusiveMin = true, max = 10_000,
                    shape = "'${value}' is not a number of requests per second between 0 and 10000")
            Double throttleRate,
            @JsonPropertyDescription("Burst requests (default 40).")
            @KeyRules(min = 1, max = 5000) Integer throttleBurst) {

        Api {
            throttleRate = throttleRate == null ? 20 : throttleRate;
            throttleBurst = throttleBurst == null ? 40 : throttleBurst;
        }
    }

    record Retention(
            @JsonPropertyDescription("Days staging partials are kept (default 7).") @KeyRules(min = 1, max = 3650) Integer stagingDays,
            @JsonPropertyDescription("Days Athena query results are kept (default 7).") @KeyRules(min = 1, max = 3650) Integer queryResultsDays) {

        Retention {
            stagingDays = stagingDays == null ? 7 : stagingDays;
            queryResultsDays = queryResultsDays == null ? 7 : queryResultsDays;
        }
    }

    record Sources(
            @JsonPropertyDescription("The Glue database of the source tables ({org} is replaced by the org); absent: the environment's own.")
            String glueDatabase,
            @JsonPropertyDescription("Buckets holding the source data (read access is granted).")
            @KeyRules(shape = "expected a list of bucket names (e.g. buckets: [raw-data])")
            List<String> buckets) {

        Sources {
            buckets = buckets == null ? List.of() : buckets;
        }
    }

    record Access(
            @JsonPropertyDescription("Principal ARN (role, user or assumed-role; * matches any characters) to the org or orgs it may read.")
            @KeyRules(absentIsEmpty = true, oneOrMany = true,
                    empty = "empty (map at least one principal, or no caller can read any org: " + ACCESS_EXAMPLE + ")",
                    shape = "expected a mapping of principal ARN to org or list of orgs (" + ACCESS_EXAMPLE + ")",
                    item = "expected an org or a list of orgs (e.g. [acme, globex])")
            Map<String, List<String>> principals) {

        Access {
            principals = principals == null ? Map.of() : principals;
        }
    }
}
