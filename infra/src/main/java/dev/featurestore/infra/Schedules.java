package dev.featurestore.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * One EventBridge rule per group and org from the group's {@code schedule}, each starting the
 * materialization workflow with {@code {"group": ..., "org": ...}}. The target role may start this state
 * machine only.
 */
public final class Schedules extends Construct {

    /** One scheduled recalculation. @param expression {@code cron(...)} or {@code rate(...)} */
    public record Run(String group, String org, String expression) {}

    public record Props(IStateMachine stateMachine, List<Run> runs) {}

    public Schedules(Construct scope, String id, Props props) {
        super(scope, id);
        for (Run run : props.runs()) {
            Rule.Builder.create(this, id(run))
                    .description("Recalculate feature group " + run.group() + " for org " + run.org())
                    .schedule(Schedule.expression(run.expression()))
                    .targets(List.of(SfnStateMachine.Builder.create(props.stateMachine())
                            .input(RuleTargetInput.fromObject(Map.of("group", run.group(), "org", run.org())))
                            .retryAttempts(3)
                            .build()))
                    .build();
        }
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
