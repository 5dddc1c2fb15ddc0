package dev.featurestore.infra;

import dev.featurestore.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The Lambda functions, all from the one shaded jar (runtime java21): Plan, Calculate, MergePlan, Merge (or the
 * distributed merge's Partition, Join and Finalize) and Failure (the Catch path) run inside the materialization workflow, Query serves the API (SnapStart, behind the
 * {@code live} alias).
 * Each gets only the permissions its step needs, through grants scoped to the bucket prefixes, the Glue
 * database and the Athena workgroup of this environment.
 */
public final class FeatureFunctions extends Construct {

    public static final String PLAN_HANDLER = "dev.featurestore.aws.handler.PlanHandler::handleRequest";
    public static final String CALCULATE_HANDLER = "dev.featurestore.aws.handler.CalculateHandler::handleRequest";
    public static final String MERGE_HANDLER = "dev.featurestore.aws.handler.MergeHandler::handleRequest";
    public static final String QUERY_HANDLER = "dev.featurestore.aws.handler.QueryHandler::handleRequest";
    public static final String FAILURE_HANDLER = "dev.featurestore.aws.handler.FailureHandler::handleRequest";
    public static final String MERGE_PLAN_HANDLER = "dev.featurestore.aws.handler.MergePlanHandler::handleRequest";
    public static final String PARTITION_HANDLER = "dev.featurestore.aws.handler.PartitionHandler::handleRequest";
    public static final String JOIN_HANDLER = "dev.featurestore.aws.handler.JoinHandler::handleRequest";
    public static final String FINALIZE_HANDLER = "dev.featurestore.aws.handler.FinalizeHandler::handleRequest";

    /**
     * /tmp of the Merge function, in MiB (Lambda's maximum): a single-Lambda merge holds the partials, the spill and
     * the output there, so this sets its ceiling (docs/cost.md, docs/benchmarks.md). The distributed merge's Partition and
     * Join tasks get as much (a task's row groups, its spill and bucket files). The other functions keep 512.
     */
    public static final int MERGE_TMP_MB = 10_240;

    /** The names of the Query function's request-scoped Glue tables. */
    public static final String TEMPORARY_TABLE_NAMES = "_featurestore_tmp_*";

    /** The alias the API invokes: SnapStart snapshots are taken for published versions only. */
    public static final String LIVE_ALIAS = "live";

    /**
     * @param code        the shaded jar (it carries the group configs)
     * @param settings    memory and timeout per role (Failure runs with Plan's)
     * @param environment variables every function gets (see {@link LambdaEnvironment})
     * @param sources     where SQL feature functions read (Calculate gets read access)
     * @param workgroup    where materialization queries run (Calculate)
     * @param apiWorkgroup where the API's queries run (Query): reads cannot starve materialization, nor the reverse
     * @param queryConcurrency the Query function's reserved concurrency: the API never takes more of the account
     */
    public record Props(Code code, EnvironmentConfig.Functions settings, Map<String, String> environment,
                        IBucket bucket, GlueDatabase catalog, AthenaWorkgroup workgroup, AthenaWorkgroup apiWorkgroup,
                        EnvironmentConfig.Sources sources, int queryConcurrency) {}

    private final Function plan;
    private final Function calculate;
    private final Function merge;
    private final Function failure;
    private final Function mergePlan;
    private final Function partition;
    private final Function join;
    private final Function finalizeMerge;
    private final Function query;
    private final Alias queryAlias;

    public FeatureFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        // C1 only: these functions are short and latency-bound; Calculate and Merge keep C2 for throughput
        Map<String, String> quickStart = Map.of("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        this.plan = function("Plan", PLAN_HANDLER, "Resolves a group and org, allocates the run id and version",
                props.settings().plan(), props, quickStart, false);
        this.calculate = function("Calculate", CALCULATE_HANDLER, "Runs one feature function and writes its partial",
                props.settings().calculate(), props, Map.of(), false);
        this.merge = function("Merge", MERGE_HANDLER, "Joins the partials, writes and publishes the version",
                props.settings().merge(), props, Map.of(), false);
        this.failure = function("Failure", FAILURE_HANDLER, "Records a failed run, cleans its staging, releases the lock",
                props.settings().plan(), props, quickStart, false);
        // the distributed merge (docs/merge.md): MergePlan reads footers only; the tasks and Finalize run as Merge does
        this.mergePlan = function("MergePlan", MERGE_PLAN_HANDLER, "Plans the merge from the partials' footers, chooses one Lambda or a Distributed Map",
                props.settings().plan(), props, quickStart, false);
        this.partition = function("Partition", PARTITION_HANDLER, "Distributed merge: row groups of a partial into bucket objects",
                props.settings().merge(), props, Map.of(), false, OptionalInt.empty(), MERGE_TMP_MB);
        this.join = function("Join", JOIN_HANDLER, "Distributed merge: a range of buckets into one data file with its sketches",
                props.settings().merge(), props, Map.of(), false, OptionalInt.empty(), MERGE_TMP_MB);
        this.finalizeMerge = function("Finalize", FINALIZE_HANDLER, "Distributed merge: combines the tasks' results, writes and publishes the version",
                props.settings().plan(), props, Map.of(), false);
        Map<String, String> queryEnvironment = new LinkedHashMap<>(quickStart);
        queryEnvironment.put(LambdaEnvironment.WORKGROUP, props.apiWorkgroup().name());
        this.query = function("Query", QUERY_HANDLER, "Serves the feature API",
                props.settings().query(), props, queryEnvironment, true, OptionalInt.of(props.queryConcurrency()));
        this.queryAlias = Alias.Builder.create(this, "QueryLive")
                .aliasName(LIVE_ALIAS)
                .version(query.getCurrentVersion())
                .build();
        // the warning says SnapStart needs a published version: the alias above publishes one
        Annotations.of(query).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published through the live alias");

        IBucket bucket = props.bucket();
        String locks = DataLake.FEATURES + "*/_lock";
        String staging = DataLake.STAGING + "*";
        String features = DataLake.FEATURES + "*";
        String runs = DataLake.RUNS + "*";
        String results = DataLake.QUERY_RESULTS + "*";
        // every grant names a prefix: no role may write or delete the whole bucket
        // Plan takes the run lock (compare-and-swap: read, conditional write, conditional delete) and records the run
        grant(bucket, plan, Access.READ_WRITE_DELETE, locks);
        grant(bucket, plan, Access.WRITE, runs);
        // Calculate writes its partial (directly or by Athena UNLOAD) and Athena results, and reads both back
        grant(bucket, calculate, Access.READ_WRITE_DELETE, staging);
        grant(bucket, calculate, Access.READ_WRITE, results);
        // Merge reads partials, writes the version, renews the lock, publishes the pointer, applies retention,
        // cleans staging and finishes the run record
        grant(bucket, merge, Access.READ_DELETE, staging);
        grant(bucket, merge, Access.READ_WRITE_DELETE, features);
        grant(bucket, merge, Access.READ_WRITE, runs);
        // MergePlan reads the partials' footers and writes the task plan; Partition reads its row groups and writes
        // bucket objects; Join reads them and writes one data file of the unpublished version; Finalize does what
        // Merge does after its merge (the data files are already there) and deletes the run's staging
        grant(bucket, mergePlan, Access.READ_WRITE, staging);
        grant(bucket, partition, Access.READ_WRITE, staging);
        grant(bucket, join, Access.READ_WRITE, staging);
        grant(bucket, join, Access.WRITE, DataLake.FEATURES + "*/version=*");
        grant(bucket, finalizeMerge, Access.READ_DELETE, staging);
        grant(bucket, finalizeMerge, Access.READ_WRITE_DELETE, features);
        grant(bucket, finalizeMerge, Access.READ_WRITE, runs);
        // Failure records the run as failed, deletes its partials and what a killed Merge left of its unpublished
        // version, releases the lock
        grant(bucket, failure, Access.READ_DELETE, staging);
        grant(bucket, failure, Access.READ_DELETE, DataLake.FEATURES + "*/version=*");
        grant(bucket, failure, Access.READ, DataLake.FEATURES + "*/_current");
        grant(bucket, failure, Access.READ_WRITE_DELETE, locks);
        grant(bucket, failure, Access.READ_WRITE, runs);
        // a reproduction (docs/aws.md) plans and runs the functions a version's manifest records: Plan and Calculate
        // read manifests, nothing else of the versions
        String manifests = DataLake.FEATURES + "*/version=*/" + dev.featurestore.version.Layout.MANIFEST;
        grant(bucket, plan, Access.READ, manifests);
        grant(bucket, calculate, Access.READ, manifests);
        // Query reads published versions (never staging or run records), writes exports that it presigns, and
        // records one usage line per read (write only: the usage report reads them elsewhere; docs/catalog.md)
        grant(bucket, query, Access.READ, features);
        grant(bucket, query, Access.READ_WRITE, results);
        grant(bucket, query, Access.WRITE, "usage/*");
        // ... and writes the objects of its request-scoped temporary tables, which it deletes when the request ends
        grant(bucket, query, Access.READ_WRITE_DELETE, DataLake.TEMPORARY_TABLES + "*");

        List<String> glueResources = List.of(props.catalog().catalogArn(), props.catalog().databaseArn(), props.catalog().tablesArn());
        PolicyStatement glueRead = PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
                        "glue:GetPartitions", "glue:BatchGetPartition"))
                .resources(glueResources)
                .build();
        // UpdatePartition: a Merge retried after it died past CreatePartition re-points the existing partition
        // (found by LeastPrivilegeTest: without it the retry fails with AccessDenied)
        PolicyStatement glueWrite = PolicyStatement.Builder.create()
                .actions(List.of("glue:CreateTable", "glue:UpdateTable", "glue:CreatePartition", "glue:BatchCreatePartition",
                        "glue:UpdatePartition", "glue:DeletePartition", "glue:BatchDeletePartition"))
                .resources(glueResources)
                .build();
        List<String> athenaActions = List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                "athena:StopQueryExecution", "athena:GetWorkGroup");
        for (Function f : List.of(plan, calculate, merge, failure, query, mergePlan, finalizeMerge)) {
            f.addToRolePolicy(glueRead);
        }
        merge.addToRolePolicy(glueWrite);
        finalizeMerge.addToRolePolicy(glueWrite);
        calculate.addToRolePolicy(PolicyStatement.Builder.create().actions(athenaActions)
                .resources(List.of(props.workgroup().arn())).build());
        query.addToRolePolicy(PolicyStatement.Builder.create().actions(athenaActions)
                .resources(List.of(props.apiWorkgroup().arn())).build());
        // Query registers a temporary table over those objects for the request's join and drops it afterwards: only
        // tables named so (no group is: group names start with a letter or digit), never a group's table
        query.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:CreateTable", "glue:DeleteTable"))
                .resources(List.of(props.catalog().catalogArn(), props.catalog().databaseArn(),
                        props.catalog().tablesArn(TEMPORARY_TABLE_NAMES)))
                .build());
        grantSources(props, glueRead);
    }

    private enum Access { READ, WRITE, READ_WRITE, READ_DELETE, READ_WRITE_DELETE }

    /** Object access under one key pattern (listing the bucket comes with read: S3 lists per bucket). */
    private static void grant(IBucket bucket, Function function, Access access, String keyPattern) {
        if (access != Access.WRITE) {
            bucket.grantRead(function, keyPattern);
        }
        if (access != Access.READ && access != Access.READ_DELETE) {
            bucket.grantPut(function, keyPattern);
        }
        if (access == Access.READ_DELETE || access == Access.READ_WRITE_DELETE) {
            bucket.grantDelete(function, keyPattern);
        }
    }

    /**
     * Calculate runs the SQL functions: read access to the source database's tables and the source buckets. Merge
     * fingerprints the source tables the run read for the version's lineage: it lists the source database's tables
     * (their Glue table versions and locations: glue:GetTables) and the objects under their locations
     * (s3:ListBucket on the source buckets; it reads no object).
     */
    private void grantSources(Props props, PolicyStatement glueRead) {
        props.sources().glueDatabase().ifPresent(db -> {
            Stack stack = Stack.of(this);
            String prefix = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":";
            String name = db.replace("{org}", "*");
            List<String> sourceTables = List.of(prefix + "catalog", prefix + "database/" + name, prefix + "table/" + name + "/*");
            calculate.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(glueRead.getActions())
                    .resources(sourceTables)
                    .build());
            merge.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("glue:GetTables"))
                    .resources(sourceTables)
                    .build());
        });
        for (String name : props.sources().buckets()) {
            software.amazon.awscdk.services.s3.IBucket source = software.amazon.awscdk.services.s3.Bucket.fromBucketName(this, "Source-" + name, name);
            source.grantRead(calculate);
            merge.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(source.getBucketArn()))
                    .build());
        }
    }

    private Function function(String id, String handler, String description, EnvironmentConfig.FunctionSettings settings,
                              Props props, Map<String, String> extraEnvironment, boolean snapStart) {
        return function(id, handler, description, settings, props, extraEnvironment, snapStart, OptionalInt.empty());
    }

    private Function function(String id, String handler, String description, EnvironmentConfig.FunctionSettings settings,
                              Props props, Map<String, String> extraEnvironment, boolean snapStart, OptionalInt reservedConcurrency) {
        return function(id, handler, description, settings, props, extraEnvironment, snapStart, reservedConcurrency, 0);
    }

    private Function function(String id, String handler, String description, EnvironmentConfig.FunctionSettings settings,
                              Props props, Map<String, String> extraEnvironment, boolean snapStart, OptionalInt reservedConcurrency,
                              int tmpMib) {
        Map<String, String> environment = new LinkedHashMap<>(props.environment());
        environment.putAll(extraEnvironment);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Function.Builder builder = Function.Builder.create(this, id)
                .runtime(Runtime.JAVA_21)
                .handler(handler)
                .code(props.code())
                .description(description)
                .memorySize(settings.memoryMb())
                .timeout(Duration.seconds(settings.timeout().toSeconds()))
                .environment(environment)
                .logGroup(logs);
        if (MERGE_HANDLER.equals(handler)) {
            builder.ephemeralStorageSize(Size.mebibytes(MERGE_TMP_MB));
        }
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        reservedConcurrency.ifPresent(builder::reservedConcurrentExecutions);
        if (tmpMib > 0) {
            builder.ephemeralStorageSize(Size.mebibytes(tmpMib));
        }
        return builder.build();
    }

    public IFunction plan() {
        return plan;
    }

    public IFunction calculate() {
        return calculate;
    }

    public IFunction merge() {
        return merge;
    }

    public IFunction failure() {
        return failure;
    }

    public IFunction mergePlan() {
        return mergePlan;
    }

    public IFunction partition() {
        return partition;
    }

    public IFunction join() {
        return join;
    }

    public IFunction finalizeMerge() {
        return finalizeMerge;
    }

    /**
     * Lets the query function start executions of the materialization workflow and describe them, and tells it the
     * state machine ({@code STATE_MACHINE_ARN}): the API's {@code POST /groups/{group}/runs} and
     * {@code GET /groups/{group}/runs/{run}}. Tenancy is the function's: the caller's org, from its identity.
     */
    public void allowRuns(software.amazon.awscdk.services.stepfunctions.IStateMachine stateMachine, String executionArns) {
        query.addEnvironment(LambdaEnvironment.STATE_MACHINE_ARN, stateMachine.getStateMachineArn());
        stateMachine.grantStartExecution(query);
        query.addToRolePolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution"))
                .resources(List.of(executionArns))
                .build());
    }

    public IFunction query() {
        return query;
    }

    /** What the API invokes: the published, SnapStart-enabled version of {@link #query()}. */
    public IFunction queryAlias() {
        return queryAlias;
    }
}
