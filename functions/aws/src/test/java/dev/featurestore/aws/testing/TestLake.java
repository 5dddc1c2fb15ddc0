package dev.featurestore.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.runtime.AwsRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A fresh lake on the emulator for one test class: its own bucket, Glue database and Athena workgroup, and
 * the environment the handlers would get from the infra stack (config from the test resources).
 */
public final class TestLake {
    public static final String ACME_ROLE = "arn:aws:iam::123456789012:role/AcmeAnalysts";

    public final AwsEmulator aws;
    public final AwsClients clients;
    public final String bucket;
    public final String database;
    public final String workgroup;
    public final Map<String, String> env = new HashMap<>();

    public TestLake(AwsEmulator aws) {
        this.aws = aws;
        this.clients = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials());
        String id = UUID.randomUUID().toString().substring(0, 8);
        bucket = "lake-" + id;
        database = "featurestore_test_" + id;
        workgroup = "featurestore-" + id;
        try (S3Client s3 = clients.s3(); AthenaClient athena = clients.athena()) {
            s3.createBucket(b -> b.bucket(bucket));
            athena.createWorkGroup(b -> b.name(workgroup).configuration(c -> c.bytesScannedCutoffPerQuery(1L << 30)));
        }
        env.put("BUCKET", bucket);
        env.put("GLUE_DATABASE", database);
        env.put("ATHENA_WORKGROUP", workgroup);
        env.put("ENVIRONMENT", "test");
        env.put("ORG_ACCESS", "{\"" + ACME_ROLE + "\": [\"acme\"], \"arn:aws:iam::123456789012:role/Platform\": [\"acme\", \"globex\"]}");
        env.put("CONFIG_DIR", testConfig().toString());
        env.put("QUERY_TIMEOUT_SECONDS", "20");
    }

    public static Path testConfig() {
        try {
            return Path.of(TestLake.class.getResource("/test-config/groups").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a trivial state machine (one Succeed state) and sets its ARN as {@code STATE_MACHINE_ARN}: the run and
     * reproduction routes start and describe its executions (moto never runs them). Returns the ARN.
     */
    public String createStateMachine() {
        String arn = clients.sfn().createStateMachine(b -> b.name("materialize-" + UUID.randomUUID().toString().substring(0, 8))
                .roleArn("arn:aws:iam::123456789012:role/StatesRole")
                .definition("{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}")).stateMachineArn();
        env.put("STATE_MACHINE_ARN", arn);
        return arn;
    }

    public AwsRuntime runtime() {
        return AwsRuntime.create(env, clients);
    }

    public S3Client s3() {
        return clients.s3();
    }

    public GlueClient glue() {
        return clients.glue();
    }

    public AthenaClient athena() {
        return clients.athena();
    }

    /** Invokes a handler as Lambda would (no context: tests run outside Lambda) and parses its output. */
    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event) {
        return invoke(handler, Events.write(event));
    }

    public static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return Events.JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Merge step's input as the state machine builds it: the plan plus the Map's results. */
    public static ObjectNode mergeInput(JsonNode plan, JsonNode... outcomes) {
        ObjectNode input = plan.deepCopy();
        var list = input.putArray("outcomes");
        for (JsonNode o : outcomes) {
            list.add(o);
        }
        return input;
    }
}
