package dev.featurestore.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The materialization of one group for one org (input {@code {"group": ..., "org": ...}}):
 * Plan → Map over the group's functions (Calculate, bounded concurrency) → PlanMerge → Merge, or, above one
 * Merge Lambda's ceiling, Distributed Maps of Partition then Join tasks → Finalize (docs/merge.md). Lambda throttling and
 * service errors are retried with jittered exponential backoff; any other failure goes to a Catch path where
 * the Failure function records the run as failed (cleans its staging, releases the lock) before the execution
 * ends in Fail. Only Merge or Finalize publishes, as its last step, so a failed run never changes the current version. An alarm fires on failed, timed-out or aborted executions;
 * timed-out and aborted ones skip the Catch path, so an EventBridge rule sends them to the Failure function.
 */
public final class MaterializationWorkflow extends Construct {

    /** Errors worth retrying: the Lambda service, not the function, failed or throttled. */
    public static final List<String> TRANSIENT_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    /**
     * @param mapConcurrency how many functions of one run calculate at once
     * @param timeout        the whole execution's limit
     * @param alarmTopic     notified when the failed-executions alarm fires
     */
    public record Props(IFunction plan, IFunction calculate, IFunction merge, IFunction failure, int mapConcurrency,
                        Duration timeout, ITopic alarmTopic, DistributedMerge distributedMerge) {}

    /**
     * The distributed merge's functions (docs/merge.md): MergePlan chooses by planned size; above one Merge Lambda's
     * ceiling, Distributed Maps run Partition then Join tasks ({@code taskConcurrency} at once), then Finalize.
     */
    public record DistributedMerge(IFunction mergePlan, IFunction partition, IFunction join, IFunction finalizeMerge, int taskConcurrency) {}

    /** Merge tasks of one run at once: well inside the default account concurrency of 1,000 Lambdas. */
    public static final int MERGE_TASK_CONCURRENCY = 100;

    private final StateMachine stateMachine;
    private final Alarm failedAlarm;
    private final Rule stoppedRule;

    public MaterializationWorkflow(Construct scope, String id, Props props) {
        super(scope, id);
        Fail failed = Fail.Builder.create(this, "Failed")
                .error("MaterializationFailed")
                .cause("A step failed before publishing; the current version is unchanged (see the execution's history)")
                .build();
        // the failed state's input plus $.error: the Failure handler records the run when there is one
        LambdaInvoke recordFailure = invoke("RecordFailure", props.failure(),
                "Record the run as failed, delete its partials, release the lock; nothing was published");
        recordFailure.addCatch(failed, CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.recordError").build());
        recordFailure.next(failed);
        CatchProps catchAll = CatchProps.builder().errors(List.of("States.ALL")).resultPath("$.error").build();

        LambdaInvoke plan = invoke("Plan", props.plan(), "Resolve the group for the org; allocate run id and version");
        plan.addCatch(recordFailure, catchAll);

        LambdaInvoke calculate = invoke("Calculate", props.calculate(), "Run one feature function, write its partial");
        software.amazon.awscdk.services.stepfunctions.Map calculateAll = software.amazon.awscdk.services.stepfunctions.Map.Builder
                .create(this, "CalculateFunctions")
                .comment("One Calculate per function; Plan makes each item a complete object {group, org, runId, version, function}")
                .itemsPath("$.functions")
                .maxConcurrency(props.mapConcurrency())
                .resultPath("$.outcomes")
                .build();
        calculateAll.itemProcessor(calculate);
        calculateAll.addCatch(recordFailure, catchAll);

        LambdaInvoke merge = invoke("Merge", props.merge(), "Join the partials, write the version, register it, publish");
        merge.addCatch(recordFailure, catchAll);

        DistributedMerge d = props.distributedMerge();
        LambdaInvoke planMerge = invoke("PlanMerge", d.mergePlan(),
                "Plan the merge from the partials' footers; above one Merge Lambda's ceiling, write the task plan");
        planMerge.addCatch(recordFailure, catchAll);
        DistributedMap partitionAll = mergeTasks("PartitionTasks", "$.merge.partitionTasks", d.partition(),
                "Partition", "Row groups of a partial into bucket objects in the run's staging", d.taskConcurrency());
        partitionAll.addCatch(recordFailure, catchAll);
        DistributedMap joinAll = mergeTasks("JoinTasks", "$.merge.joinTasks", d.join(),
                "Join", "A range of buckets into one data file, with its statistics sketches and checksum parts", d.taskConcurrency());
        joinAll.addCatch(recordFailure, catchAll);
        LambdaInvoke finalizeMerge = invoke("Finalize", d.finalizeMerge(),
                "Combine the tasks' results (statistics, checksum, files), write the manifest, register, publish");
        finalizeMerge.addCatch(recordFailure, catchAll);
        Succeed published = Succeed.Builder.create(this, "Published").build();
        Choice bySize = Choice.Builder.create(this, "MergeBySize")
                .comment("One Merge Lambda below its ceiling (planned rows x fields), else a Distributed Map of tasks")
                .build()
                .when(Condition.booleanEquals("$.merge.distributed", true), partitionAll.next(joinAll).next(finalizeMerge).next(published))
                .otherwise(merge.next(published));

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .comment("featurestore materialization: Plan -> Calculate per function -> PlanMerge -> Merge, or Partition and Join tasks -> Finalize")
                .definitionBody(DefinitionBody.fromChainable(plan.next(calculateAll).next(planMerge).next(bySize)))
                .timeout(props.timeout())
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ERROR).includeExecutionData(false).build())
                .build();

        this.failedAlarm = Alarm.Builder.create(this, "FailedExecutions")
                .alarmDescription("A feature group materialization failed, timed out or was aborted: its current version is stale")
                .metric(software.amazon.awscdk.services.cloudwatch.MathExpression.Builder.create()
                        .expression("failed + timedOut + aborted")
                        .usingMetrics(Map.of(
                                "failed", stateMachine.metricFailed(),
                                "timedOut", stateMachine.metricTimedOut(),
                                "aborted", stateMachine.metricAborted()))
                        .period(Duration.minutes(5))
                        .label("unsuccessful executions")
                        .build())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        failedAlarm.addAlarmAction(new SnsAction(props.alarmTopic()));

        // a timed-out or aborted execution skips the Catch path: this rule hands it to the Failure function, which
        // fails the run it left holding the lock (records the cause, cleans staging, releases the lock)
        this.stoppedRule = Rule.Builder.create(this, "TimedOutOrAborted")
                .description("Records runs of executions that timed out or were aborted, and releases their lock")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("status", List.of("TIMED_OUT", "ABORTED"),
                                "stateMachineArn", List.of(stateMachine.getStateMachineArn())))
                        .build())
                .targets(List.of(software.amazon.awscdk.services.events.targets.LambdaFunction.Builder.create(props.failure())
                        .retryAttempts(3)
                        .build()))
                .build();
    }

    /** The rule sending TIMED_OUT and ABORTED executions to the Failure function. */
    public Rule stoppedRule() {
        return stoppedRule;
    }

    /**
     * A Distributed Map over task numbers (inline items: a run has at most a few thousand tasks, a few bytes each);
     * each iteration gets the run's ids and its task number, and its result is discarded (the tasks store theirs).
     * Any failed iteration fails the map (no tolerated failures).
     */
    private DistributedMap mergeTasks(String id, String itemsPath, IFunction function, String taskId, String comment, int concurrency) {
        DistributedMap map = DistributedMap.Builder.create(this, id)
                .comment(comment)
                .itemsPath(itemsPath)
                .itemSelector(Map.of("group", JsonPath.stringAt("$.group"), "org", JsonPath.stringAt("$.org"),
                        "runId", JsonPath.stringAt("$.runId"), "version", JsonPath.stringAt("$.version"),
                        "task", JsonPath.numberAt("$$.Map.Item.Value")))
                .maxConcurrency(concurrency)
                .resultPath(JsonPath.DISCARD)
                .build();
        map.itemProcessor(invoke(taskId, function, comment));
        return map;
    }

    private LambdaInvoke invoke(String id, IFunction function, String comment) {
        LambdaInvoke task = LambdaInvoke.Builder.create(this, id)
                .lambdaFunction(function)
                .comment(comment)
                .outputPath("$.Payload")
                .retryOnServiceExceptions(false)
                .build();
        retryTransient(task);
        return task;
    }

    static void retryTransient(TaskStateBase task) {
        task.addRetry(RetryProps.builder()
                .errors(TRANSIENT_ERRORS)
                .interval(Duration.seconds(2))
                .backoffRate(2)
                .maxAttempts(6)
                .maxDelay(Duration.seconds(60))
                .jitterStrategy(JitterType.FULL)
                .build());
    }

    /** The ARN pattern of this state machine's executions ({@code arn:aws:states:r:a:execution:<name>:*}). */
    public String executionArns() {
        return software.amazon.awscdk.Arn.format(software.amazon.awscdk.ArnComponents.builder()
                .service("states").resource("execution").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME)
                .resourceName(stateMachine.getStateMachineName() + ":*")
                .build(), software.amazon.awscdk.Stack.of(this));
    }

    public IStateMachine stateMachine() {
        return stateMachine;
    }

    public Alarm failedAlarm() {
        return failedAlarm;
    }
}
