package dev.featurestore.aws.testing;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.handler.CalculateHandler;
import dev.featurestore.aws.handler.MergeHandler;
import dev.featurestore.aws.handler.PlanHandler;
import dev.featurestore.aws.runtime.AwsRuntime;
import java.util.Arrays;
import java.util.List;

/**
 * The materialization state machine's steps run in-process on the emulator, as Step Functions would run them:
 * Plan, Calculate for each planned function, Merge. On moto only the Java function gets rows (the canned Athena
 * answer); the SQL function's UNLOAD writes an empty partial.
 */
public final class Steps {
    /** Two customers: the header, then c1 aged 34 and c2 aged 51. */
    public static final List<List<String>> TWO_CUSTOMERS = List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34"),
            Arrays.asList("c2", "51"));

    private Steps() {
    }

    /** Runs the steps for {@code input} with {@code customers} as the canned Athena rows; the Merge step's output. */
    public static JsonNode run(AwsEmulator aws, AwsRuntime runtime, JsonNode input, List<List<String>> customers) {
        JsonNode plan = invoke(new PlanHandler(runtime), input);
        aws.cannedAthenaResults(customers, List.of("varchar", "bigint"));
        JsonNode[] outcomes = new JsonNode[plan.get("functions").size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = invoke(new CalculateHandler(runtime), plan.get("functions").get(i));
        }
        return invoke(new MergeHandler(runtime), mergeInput(plan, outcomes));
    }

    public static JsonNode run(AwsEmulator aws, AwsRuntime runtime, JsonNode input) {
        return run(aws, runtime, input, TWO_CUSTOMERS);
    }

    /** A run of {@code events/plan.json} (customer for acme) over {@link #TWO_CUSTOMERS}; the version it published. */
    public static String publish(AwsEmulator aws, AwsRuntime runtime) {
        return run(aws, runtime, Events.json("plan.json")).get("version").asText();
    }
}
