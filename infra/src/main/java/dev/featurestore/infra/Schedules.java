package dev.featurestore.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * One EventBridge rule per group and org from the group's {@code schedule}, each starting the
 * materialization workflow with {@code {"group": ..., "org": ...}}. The target role may start this state
 * machine only. A start that still fails after EventBridge's retries lands in a dead-letter queue, and an alarm
 * on that queue notifies the alarm topic: a schedule that silently stopped running is seen.
 */
public final class Schedules extends Construct {

    /** One scheduled recalculation. @param expression {@code cron(...)} or {@code rate(...)} */
    public record Run(String group, String org, String expression) {}

    /** @param alarmTopic notified when a scheduled start ends in the dead-letter queue */
    public record Props(IStateMachine stateMachine, List<Run> runs, ITopic alarmTopic) {}

    private final Queue deadLetters;
    private final Alarm deadLetterAlarm;

    public Schedules(Construct scope, String id, Props props) {
        super(scope, id);
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        this.deadLetterAlarm = Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmDescription("A scheduled materialization could not be started (see the dead-letter queue): its group goes stale")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible().with(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic()));
        for (Run run : props.runs()) {
            Rule.Builder.create(this, id(run))
                    .description("Recalculate feature group " + run.group() + " for org " + run.org())
                    .schedule(Schedule.expression(run.expression()))
                    .targets(List.of(SfnStateMachine.Builder.create(props.stateMachine())
                            .input(RuleTargetInput.fromObject(Map.of("group", run.group(), "org", run.org())))
                            .retryAttempts(3)
                            .deadLetterQueue(deadLetters)
                            .build()))
                    .build();
        }
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public Alarm deadLetterAlarm() {
        return deadLetterAlarm;
    }

    static String id(Run run) {
        return camel(run.group()) + camel(run.org());
    }

    private static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[_-]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
