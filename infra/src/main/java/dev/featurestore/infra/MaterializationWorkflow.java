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
 * Plan → Map over the group's functions (Calculate, bounded concurrency) → Merge. Lambda throttling and
 * service errors are retried with jittered exponential backoff; any other failure goes to a Catch path where
 * the Failure function records the run as failed (cleans its staging, releases the lock) before the execution
 * ends in Fail. Only Merge publishes, as its last step, so a failed run never changes the current version. An alarm fires on failed, timed-out or aborted executions;
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
                        Duration timeout, ITopic alarmTopic) {}

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

        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineType(StateMachineType.STANDARD)
                .comment("featurestore materialization: Plan -> Calculate per function -> Merge")
                .definitionBody(DefinitionBody.fromChainable(plan.next(calculateAll).next(merge).next(
                        Succeed.Builder.create(this, "Published").build())))
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
