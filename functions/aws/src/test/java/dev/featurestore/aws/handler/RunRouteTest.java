package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.TestLake;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code POST /groups/{group}/runs} and {@code GET /groups/{group}/runs[/{run}]} through the QueryHandler: Step
 * Functions executions on the emulator, tenancy from the caller's identity.
 */
@ExtendWith(AwsEmulatorExtension.class)
class RunRouteTest {
    private static final String ACME = "arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice";
    private static final String PLATFORM = "arn:aws:sts::123456789012:assumed-role/Platform/bob";

    /** A lake whose query function knows a (trivial) state machine, and that state machine's ARN. */
    private record Setup(TestLake lake, SfnClient sfn, String stateMachine) {
        JsonNode call(String method, String path, String body, Map<String, String> query, String caller) {
            return invoke(new QueryHandler(lake.runtime()), Events.api(method, path, body, query, caller));
        }
    }

    private static Setup setup(AwsEmulator aws) {
        TestLake lake = new TestLake(aws);
        String arn = lake.createStateMachine();
        return new Setup(lake, lake.clients.sfn(), arn);
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return Events.JSON.readTree(response.get("body").asText());
    }

    @Test
    void post_startsTheStateMachineForTheCallersOnlyOrg_andAnswers202WithThePollPath(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);

        JsonNode response = s.call("POST", "/groups/customer/runs", null, Map.of(), ACME);

        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(202);
        JsonNode run = body(response);
        String name = run.get("run").asText();
        assertThat(name).matches("\\d{8}T\\d{6}Z-[0-9a-f]{4,32}");
        assertThat(run.get("status").asText()).isEqualTo("RUNNING");
        assertThat(run.get("org").asText()).isEqualTo("acme");
        assertThat(run.get("poll").asText()).isEqualTo("/groups/customer/runs/" + name + "?org=acme");
        var executions = s.sfn().listExecutions(b -> b.stateMachineArn(s.stateMachine())).executions();
        assertThat(executions).hasSize(1);
        String input = s.sfn().describeExecution(b -> b.executionArn(executions.get(0).executionArn())).input();
        assertThat(Events.JSON.readTree(input)).isEqualTo(Events.JSON.readTree("{\"group\": \"customer\", \"org\": \"acme\"}"));
    }

    @Test
    void post_forAnOrgTheCallerMayNotRead_isForbidden_andStartsNothing(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);

        JsonNode response = s.call("POST", "/groups/customer/runs", "{\"org\": \"globex\"}", Map.of(), ACME);

        assertThat(response.get("statusCode").asInt()).isEqualTo(403);
        assertThat(body(response).get("message").asText())
                .isEqualTo("Cannot read org 'globex': " + ACME + " may read only acme");
        assertThat(s.sfn().listExecutions(b -> b.stateMachineArn(s.stateMachine())).executions()).isEmpty();
    }

    @Test
    void post_refusesABadBody_andACallerWithSeveralOrgsMustNameOne(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);

        JsonNode unknownKey = s.call("POST", "/groups/customer/runs", "{\"org\": \"acme\", \"wait\": true}", Map.of(), ACME);
        JsonNode ambiguous = s.call("POST", "/groups/customer/runs", "{}", Map.of(), PLATFORM);

        assertThat(unknownKey.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(unknownKey).get("message").asText()).isEqualTo("Cannot start a run: unknown key \"wait\" (known keys: org)");
        assertThat(ambiguous.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(ambiguous).get("message").asText()).isEqualTo("Cannot read group 'customer': it has several orgs (acme, globex);"
                + " choose one with \"org\" in the body or ?org= in the URL");
    }

    @Test
    void getRun_answers202WhileRunning_200WhenStopped_404ToOtherTenants_and400ForAMalformedId(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);
        String globexRun = body(s.call("POST", "/groups/customer/runs", "{\"org\": \"globex\"}", Map.of(), PLATFORM)).get("run").asText();
        String acmeRun = body(s.call("POST", "/groups/customer/runs", null, Map.of(), ACME)).get("run").asText();

        JsonNode running = s.call("GET", "/groups/customer/runs/" + acmeRun, null, Map.of("org", "acme"), ACME);
        JsonNode otherTenant = s.call("GET", "/groups/customer/runs/" + globexRun, null, Map.of(), ACME);
        JsonNode malformed = s.call("GET", "/groups/customer/runs/..%2Fx", null, Map.of(), ACME);
        s.sfn().stopExecution(b -> b.executionArn(s.stateMachine().replace(":stateMachine:", ":execution:") + ":" + acmeRun)
                .error("Stopped").cause("by the test"));
        JsonNode stopped = s.call("GET", "/groups/customer/runs/" + acmeRun, null, Map.of(), ACME);

        assertThat(running.get("statusCode").asInt()).as(running.toString()).isEqualTo(202);
        assertThat(body(running).get("status").asText()).isEqualTo("RUNNING");
        assertThat(otherTenant.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(otherTenant).get("message").asText()).startsWith("Cannot find run '" + globexRun + "' of group 'customer'");
        assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(malformed).get("message").asText()).startsWith("Cannot read request: {run}: run '../x' is not a valid name");
        assertThat(stopped.get("statusCode").asInt()).as(stopped.toString()).isEqualTo(200);
        JsonNode run = body(stopped);
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).startsWith("execution ABORTED");
        assertThat(run.has("poll")).isFalse();
    }

    @Test
    void getRuns_listsTheRecordedRunsOfTheCallersOrg(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);
        JsonNode plan = invoke(new PlanHandler(s.lake().runtime()), Events.json("plan.json"));

        JsonNode response = s.call("GET", "/groups/customer/runs", null, Map.of(), ACME);

        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        JsonNode runs = body(response).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("run").asText()).isEqualTo(plan.get("runId").asText());
        assertThat(runs.get(0).get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void post_withoutAStateMachine_isAConfigError(AwsEmulator aws) throws IOException {
        aws.requireMoto("Step Functions executions on the emulator");
        Setup s = setup(aws);
        s.lake().env.remove("STATE_MACHINE_ARN");

        JsonNode response = s.call("POST", "/groups/customer/runs", null, Map.of(), ACME);

        assertThat(response.get("statusCode").asInt()).isEqualTo(500);
        assertThat(body(response).get("error").asText()).isEqualTo("config_error");
    }
}
