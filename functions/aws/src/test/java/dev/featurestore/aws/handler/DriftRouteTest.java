package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.Steps;
import dev.featurestore.aws.testing.TestLake;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /groups/{group}/drift} through the QueryHandler, over versions published on the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
class DriftRouteTest {

    private static String publish(AwsEmulator aws, AwsRuntime runtime, List<List<String>> rows) {
        return Steps.run(aws, runtime, Events.json("plan.json"), rows).get("version").asText();
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return Events.JSON.readTree(response.get("body").asText());
    }

    @Test
    void getDrift_comparesTheCurrentVersionWithThePreviousOne(AwsEmulator aws) throws IOException {
        aws.requireMoto("Athena results are canned through moto's API");
        TestLake lake = new TestLake(aws);
        AwsRuntime runtime = lake.runtime();
        List<List<String>> rows = List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34"), Arrays.asList("c2", "51"));
        String first = publish(aws, runtime, rows);
        String second = publish(aws, runtime, rows);

        JsonNode response = invoke(new QueryHandler(runtime), Events.bytes("api-get-drift.json"));

        assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        JsonNode report = body(response);
        assertThat(report.get("group").asText()).isEqualTo("customer");
        assertThat(report.get("org").asText()).isEqualTo("acme");
        assertThat(report.get("from").get("version").asText()).isEqualTo(first);
        assertThat(report.get("to").get("version").asText()).isEqualTo(second);
        assertThat(report.get("fields").size()).isPositive();
        assertThat(report.get("thresholds").get("psi").asDouble()).isPositive();
    }

    @Test
    void getDrift_saysHowToGetASecondVersion_whenThereIsOne(AwsEmulator aws) throws IOException {
        aws.requireMoto("Athena results are canned through moto's API");
        TestLake lake = new TestLake(aws);
        AwsRuntime runtime = lake.runtime();
        publish(aws, runtime, List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34")));

        JsonNode response = invoke(new QueryHandler(runtime), Events.bytes("api-get-drift.json"));

        assertThat(response.get("statusCode").asInt()).isEqualTo(404);
        assertThat(body(response).get("message").asText()).contains("has no earlier version");
    }
}
