package dev.featurestore.aws.testing;

import dev.featurestore.testing.TestTiers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * An AWS API endpoint for tests (moto, LocalStack or whatever {@code AWS_ENDPOINT_URL} names), with dummy
 * static credentials and a fixed region. Moto-only helpers ({@link #reset()}, canned Athena results, Step
 * Functions execution) talk to moto's {@code /moto-api}.
 *
 * @param kind       what serves the endpoint: "moto", "localstack" or "external"
 * @param lambdaPort where moto's Step Functions {@code lambda:invoke} tasks send Lambda Invoke API calls
 *                   ({@code MOTO_PORT}), when the emulator was started with one
 */
public record AwsEmulator(URI endpoint, String kind, OptionalInt lambdaPort) {

    public static final Region REGION = Region.US_EAST_1;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Region region() {
        return REGION;
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    }

    public boolean isMoto() {
        return kind.equals("moto");
    }

    /**
     * For tests that need moto's /moto-api (canned Athena results): on another emulator they fail, or skip with
     * the reason printed when {@code FEATURESTORE_ALLOW_SKIPS=1} ({@link TestTiers}).
     */
    public void requireMoto(String reason) {
        if (isMoto()) {
            return;
        }
        String message = reason + " (the emulator is " + kind + "; use moto, e.g. unset AWS_EMULATOR)";
        TestTiers.unavailable("this test", message);
    }

    /** Forgets every resource (moto only): tests that must start from nothing call it first. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * Makes moto's Athena answer the next queries with these rows (moto runs no SQL). Each row is a list of
     * cell values; the first row is the header, as Athena returns it.
     */
    public void cannedAthenaResults(List<List<String>> rows, List<String> columnTypes) {
        StringBuilder json = new StringBuilder("{\"account_id\":\"123456789012\",\"region\":\"")
                .append(REGION.id()).append("\",\"results\":[{\"rows\":[");
        for (int r = 0; r < rows.size(); r++) {
            json.append(r == 0 ? "" : ",").append("{\"Data\":[");
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                json.append(c == 0 ? "" : ",");
                json.append(row.get(c) == null ? "{}" : "{\"VarCharValue\":" + quote(row.get(c)) + "}");
            }
            json.append("]}");
        }
        json.append("],\"column_info\":[");
        for (int c = 0; c < columnTypes.size(); c++) {
            String name = rows.isEmpty() ? "c" + c : rows.get(0).get(c);
            json.append(c == 0 ? "" : ",").append("{\"Name\":").append(quote(name)).append(",\"Type\":")
                    .append(quote(columnTypes.get(c))).append(",\"Nullable\":\"NULLABLE\"}");
        }
        json.append("]}]}");
        post("/moto-api/static/athena/query-results", json.toString());
    }

    /**
     * Makes each Athena query stay in each state (QUEUED, RUNNING) for this many GetQueryExecution calls, so
     * a test sees a query that is not done yet (moto only); {@link #normalAthena()} undoes it.
     */
    public void slowAthena(int calls) {
        post("/moto-api/state-manager/set-transition", "{\"model_name\": \"athena::execution\", \"transition\": "
                + "{\"progression\": \"manual\", \"times\": " + calls + "}}");
    }

    public void normalAthena() {
        post("/moto-api/state-manager/unset-transition", "{\"model_name\": \"athena::execution\"}");
    }

    /** Lets moto's Step Functions run the state machine's ASL for real (moto only). */
    public void executeStateMachines() {
        post("/moto-api/config", "{\"stepfunctions\":{\"execute_state_machine\":true}}");
    }

    private void post(String path, String body) {
        if (!isMoto()) {
            throw new IllegalStateException("Cannot call " + path + " on " + kind + " (a moto-only API)");
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Cannot POST " + path + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot POST " + path + " to " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + path, e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
