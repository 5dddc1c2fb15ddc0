package dev.featurestore.infra;

import dev.featurestore.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
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
 * The Lambda functions, all from the one shaded jar (runtime java21): Plan, Calculate, Merge and Failure (the
 * Catch path) run inside the materialization workflow, Query serves the API (SnapStart, behind the
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

    /** The alias the API invokes: SnapStart snapshots are taken for published versions only. */
    public static final String LIVE_ALIAS = "live";

    /**
     * @param code        the shaded jar (it carries the group configs)
     * @param settings    memory and timeout per role (Failure runs with Plan's)
     * @param environment variables every function gets (see {@link LambdaEnvironment})
     * @param sources     where SQL feature functions read (Calculate gets read access)
     */
    public record Props(Code code, EnvironmentConfig.Functions settings, Map<String, String> environment,
                        IBucket bucket, GlueDatabase catalog, AthenaWorkgroup workgroup, EnvironmentConfig.Sources sources) {}

    private final Function plan;
    private final Function calculate;
    private final Function merge;
    private final Function failure;
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
        this.query = function("Query", QUERY_HANDLER, "Serves the feature API",
                props.settings().query(), props, quickStart, true);
        this.queryAlias = Alias.Builder.create(this, "QueryLive")
                .aliasName(LIVE_ALIAS)
                .version(query.getCurrentVersion())
                .build();
        // the warning says SnapStart needs a published version: the alias above publishes one
        Annotations.of(query).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "published through the live alias");

        IBucket bucket = props.bucket();
        // Plan reads the current pointer, takes the run lock next to it (and may break a stale one), records the run
        bucket.grantReadWrite(plan);
        bucket.grantDelete(plan, DataLake.FEATURES + "*/_lock");
        // Calculate writes its partial (directly or by Athena UNLOAD) and Athena results
        bucket.grantRead(calculate);
        bucket.grantPut(calculate, DataLake.STAGING + "*");
        bucket.grantPut(calculate, DataLake.QUERY_RESULTS + "*");
        bucket.grantDelete(calculate, DataLake.STAGING + "*");
        // Merge reads partials, writes the version, publishes the pointer, cleans staging, applies retention
        bucket.grantReadWrite(merge);
        bucket.grantDelete(merge, DataLake.STAGING + "*");
        bucket.grantDelete(merge, DataLake.FEATURES + "*");
        // Failure records the run as failed, deletes its partials, releases the lock
        bucket.grantReadWrite(failure);
        bucket.grantDelete(failure, DataLake.STAGING + "*");
        bucket.grantDelete(failure, DataLake.FEATURES + "*/_lock");
        // Query reads versions and writes exports that it presigns
        bucket.grantRead(query);
        bucket.grantPut(query, DataLake.QUERY_RESULTS + "*");

        List<String> glueResources = List.of(props.catalog().catalogArn(), props.catalog().databaseArn(), props.catalog().tablesArn());
        PolicyStatement glueRead = PolicyStatement.Builder.create()
                .actions(List.of("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
                        "glue:GetPartitions", "glue:BatchGetPartition"))
                .resources(glueResources)
                .build();
        PolicyStatement glueWrite = PolicyStatement.Builder.create()
                .actions(List.of("glue:CreateTable", "glue:UpdateTable", "glue:CreatePartition", "glue:BatchCreatePartition",
                        "glue:DeletePartition", "glue:BatchDeletePartition"))
                .resources(glueResources)
                .build();
        PolicyStatement athena = PolicyStatement.Builder.create()
                .actions(List.of("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
                        "athena:StopQueryExecution", "athena:GetWorkGroup"))
                .resources(List.of(props.workgroup().arn()))
                .build();
        for (Function f : List.of(plan, calculate, merge, failure, query)) {
            f.addToRolePolicy(glueRead);
        }
        merge.addToRolePolicy(glueWrite);
        calculate.addToRolePolicy(athena);
        query.addToRolePolicy(athena);
        grantSources(props, glueRead);
    }

    /** Calculate runs the SQL functions: read access to the source database's tables and the source buckets. */
    private void grantSources(Props props, PolicyStatement glueRead) {
        props.sources().glueDatabase().ifPresent(db -> {
            Stack stack = Stack.of(this);
            String prefix = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":";
            String name = db.replace("{org}", "*");
            calculate.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(glueRead.getActions())
                    .resources(List.of(prefix + "catalog", prefix + "database/" + name, prefix + "table/" + name + "/*"))
                    .build());
        });
        for (String name : props.sources().buckets()) {
            software.amazon.awscdk.services.s3.Bucket.fromBucketName(this, "Source-" + name, name).grantRead(calculate);
        }
    }

    private Function function(String id, String handler, String description, EnvironmentConfig.FunctionSettings settings,
                              Props props, Map<String, String> extraEnvironment, boolean snapStart) {
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
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
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

    public IFunction query() {
        return query;
    }

    /** What the API invokes: the published, SnapStart-enabled version of {@link #query()}. */
    public IFunction queryAlias() {
        return queryAlias;
    }
}
