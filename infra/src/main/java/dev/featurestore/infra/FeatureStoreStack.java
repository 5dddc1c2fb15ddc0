package dev.featurestore.infra;

import dev.featurestore.config.EnvironmentConfig;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.ConfigException;
import dev.featurestore.version.VersionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** One environment of the feature store: every construct, wired together from the environment's config. */
public final class FeatureStoreStack extends Stack {

    /**
     * @param environment the environment config
     * @param groups      the feature groups (config/groups), for the schedules
     * @param code        the shaded Lambda jar
     */
    public record Props(EnvironmentConfig environment, Map<String, GroupConfig> groups, Code code) {}

    private final DataLake dataLake;
    private final FeatureFunctions functions;
    private final MaterializationWorkflow workflow;
    private final QueryApi queryApi;

    public FeatureStoreStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        EnvironmentConfig env = props.environment();
        requireTimeoutBelowLockLifetime(env);
        Tags.of(this).add("featurestore:environment", env.name());

        this.dataLake = new DataLake(this, "DataLake", new DataLake.Props(
                env.bucketName(env.account().orElse(Aws.ACCOUNT_ID), env.region()), env.retention().stagingDays(), env.retention().queryResultsDays()));
        GlueDatabase catalog = new GlueDatabase(this, "Catalog", new GlueDatabase.Props(env.database(),
                "featurestore " + env.name() + ": one table per feature group, partitioned by org and version"));
        AthenaWorkgroup workgroup = new AthenaWorkgroup(this, "Athena", new AthenaWorkgroup.Props(
                env.athena().workgroup(), env.athena().bytesScannedCutoff(), dataLake.uri(DataLake.QUERY_RESULTS)));
        AthenaWorkgroup apiWorkgroup = new AthenaWorkgroup(this, "AthenaApi", new AthenaWorkgroup.Props(
                apiWorkgroupName(env), env.athena().bytesScannedCutoff(), dataLake.uri(DataLake.QUERY_RESULTS)));

        this.functions = new FeatureFunctions(this, "Functions", new FeatureFunctions.Props(
                props.code(), env.functions(),
                LambdaEnvironment.of(env, dataLake.bucket().getBucketName(), catalog.databaseName(), workgroup.name()),
                dataLake.bucket(), catalog, workgroup, apiWorkgroup, env.sources(), env.api().throttleBurst()));

        // alarm notifications: not KMS-encrypted on purpose, CloudWatch cannot publish to a topic under the
        // AWS-managed SNS key, and an alarm carries no feature data
        Topic alerts = Topic.Builder.create(this, "Alerts")
                .displayName("featurestore " + env.name() + " alerts")
                .enforceSsl(true)
                .build();
        for (String email : env.alarmEmails()) {
            alerts.addSubscription(new EmailSubscription(email));
        }

        this.workflow = new MaterializationWorkflow(this, "Materialization", new MaterializationWorkflow.Props(
                functions.plan(), functions.calculate(), functions.merge(), functions.failure(), env.workflow().mapConcurrency(),
                Duration.minutes(env.workflow().timeout().toMinutes()), alerts,
                new MaterializationWorkflow.DistributedMerge(functions.mergePlan(), functions.partition(), functions.join(),
                        functions.finalizeMerge(), MaterializationWorkflow.MERGE_TASK_CONCURRENCY)));

        // the API's run routes: POST /groups/{group}/runs starts an execution, GET /groups/{group}/runs/{run} describes it
        functions.allowRuns(workflow.stateMachine(), workflow.executionArns());

        new Schedules(this, "Schedules", new Schedules.Props(workflow.stateMachine(), runs(env, props.groups().values()), alerts));

        this.queryApi = new QueryApi(this, "Query", new QueryApi.Props(functions.queryAlias(), env.name(),
                env.api().throttleRate(), env.api().throttleBurst()));

        CfnOutput.Builder.create(this, "BucketName").value(dataLake.bucket().getBucketName()).build();
        CfnOutput.Builder.create(this, "StateMachineArn").value(workflow.stateMachine().getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "ApiUrl").value(queryApi.url()).build();
        CfnOutput.Builder.create(this, "GlueDatabase").value(catalog.databaseName()).build();
        CfnOutput.Builder.create(this, "AthenaWorkgroup").value(workgroup.name()).build();
        CfnOutput.Builder.create(this, "AlertsTopicArn").value(alerts.getTopicArn()).build();
    }

    /**
     * A run's lock must outlive its execution: a live execution then never loses its lock to a takeover, and a
     * timed-out one's lock is released by the Failure function (the TIMED_OUT rule) long before it would expire.
     */
    static void requireTimeoutBelowLockLifetime(EnvironmentConfig env) {
        java.time.Duration lock = VersionStore.DEFAULT_LOCK_TTL;
        if (env.workflow().timeout().compareTo(lock) >= 0) {
            throw new ConfigException("Cannot build environment '" + env.name() + "': workflow timeout_minutes "
                    + env.workflow().timeout().toMinutes() + " must be below the run lock's lifetime of " + lock.toMinutes()
                    + " minutes (a run still executing could lose its lock; lower timeout_minutes in " + env.source() + ")");
        }
    }

    /** The API's own Athena workgroup: the environment's workgroup name plus {@code -api}. */
    static String apiWorkgroupName(EnvironmentConfig env) {
        return env.athena().workgroup() + "-api";
    }

    /** Every (group, org) with a schedule whose org is deployed to this environment. */
    static List<Schedules.Run> runs(EnvironmentConfig env, Collection<GroupConfig> groups) {
        List<Schedules.Run> runs = new ArrayList<>();
        for (GroupConfig group : groups) {
            if (group.schedule().isEmpty()) {
                continue;
            }
            for (String org : group.orgNames()) {
                if (env.orgs().contains(org)) {
                    runs.add(new Schedules.Run(group.name(), org, group.schedule().get()));
                }
            }
        }
        return runs;
    }

    public DataLake dataLake() {
        return dataLake;
    }

    public FeatureFunctions functions() {
        return functions;
    }

    public MaterializationWorkflow workflow() {
        return workflow;
    }

    public QueryApi queryApi() {
        return queryApi;
    }
}
