package dev.featurestore.aws.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.version.VersionIds;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * The materialization state machine's executions as the API starts and describes them, for runs and reproductions
 * alike: an execution is named with a new id, a name that is not a valid execution name or an execution that does
 * not exist is not found, and Step Functions' own failures are storage errors.
 */
final class Executions {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Step Functions' execution names: at most 80 of these characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** An execution just started: its name (the run's or reproduction's id) and when it started. */
    record Started(String name, String startedAt) {
    }

    private final SfnClient sfn;
    private final Optional<String> stateMachineArn;
    private final VersionIds ids;
    private final String kind;

    /** @param kind what the executions are to the API ({@code run}, {@code reproduction}), for the messages */
    Executions(SfnClient sfn, Optional<String> stateMachineArn, VersionIds ids, String kind) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.ids = ids;
        this.kind = kind;
    }

    /** Starts an execution with {@code input}; {@code cannot} opens the error messages ("Cannot start ...: "). */
    Started start(ObjectNode input, String cannot) {
        String arn = stateMachine();
        String name = ids.next();
        try {
            Instant started = sfn.startExecution(b -> b.stateMachineArn(arn).name(name).input(input.toString())).startDate();
            return new Started(name, started.toString());
        } catch (ExecutionAlreadyExistsException e) {
            throw new ConflictException(cannot + "execution " + name + " already exists (try again)", e);
        } catch (SdkException e) {
            throw new StorageException(cannot + "Step Functions said " + e.getMessage(), e);
        }
    }

    /** The execution {@code name}; {@code notFound} when the name is not an execution's or no such execution exists. */
    DescribeExecutionResponse describe(String name, NotFoundException notFound) {
        if (!NAME.matcher(name).matches()) {
            throw notFound;
        }
        String arn = stateMachine();
        try {
            return sfn.describeExecution(b -> b.executionArn(executionArn(arn, name)));
        } catch (ExecutionDoesNotExistException e) {
            throw notFound;
        } catch (SdkException e) {
            throw new StorageException("Cannot read " + kind + " '" + name + "': Step Functions said " + e.getMessage(), e);
        }
    }

    /** Why an execution that did not succeed stopped: {@code execution FAILED: error (cause)}. */
    static String failure(DescribeExecutionResponse e) {
        return "execution " + e.status() + Optional.ofNullable(e.error()).map(x -> ": " + x).orElse("")
                + Optional.ofNullable(e.cause()).map(x -> " (" + x + ")").orElse("");
    }

    /** An execution's input or output; an empty object when it has none or it is not JSON. */
    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    static ObjectNode input() {
        return JSON.createObjectNode();
    }

    private String stateMachine() {
        return stateMachineArn.orElseThrow(() -> new ConfigException("Cannot start or read " + kind + "s: STATE_MACHINE_ARN is not set "
                + "(the infra stack sets it on the query function)"));
    }

    /** {@code arn:aws:states:r:a:stateMachine:M} → {@code arn:aws:states:r:a:execution:M:name}. */
    private static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }
}
