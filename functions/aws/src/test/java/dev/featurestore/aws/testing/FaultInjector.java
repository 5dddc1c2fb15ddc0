package dev.featurestore.aws.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Injects faults into the AWS calls of the clients it is added to, per attempt, so the SDK's retry strategy
 * sees them as it would see the real ones: a 5xx or throttling answer (S3, Glue), an unreachable endpoint
 * (connect timeout), a response lost after the service did the work, a Glue conflict, an Athena query that
 * ends FAILED or CANCELLED, or the function dying mid-call (an Error, as a killed Lambda). Apart from the
 * lost response, a fault stops the call before it reaches the emulator: nothing happens server-side.
 */
public final class FaultInjector implements ExecutionInterceptor {

    public enum Effect {
        /** 500 InternalError (S3) / InternalServiceException (Glue): retried by the SDK. */
        SERVER_ERROR,
        /** 503 SlowDown: throttling, retried with backoff. */
        SLOW_DOWN,
        /** Connection timed out: retried. */
        UNREACHABLE,
        /** The service did the work, the answer was a 503: retried, the retry sees the work done. */
        LOST_RESPONSE,
        /** Glue's ConcurrentModificationException: not retried by the SDK. */
        GLUE_CONFLICT,
        /** GetQueryExecution answers FAILED. */
        ATHENA_FAILED,
        /** GetQueryExecution answers CANCELLED. */
        ATHENA_CANCELLED,
        /** The process dies (an Error no handler catches), as a Lambda killed mid-step. */
        KILLED
    }

    /** Stands for the function being killed mid-call. */
    public static final class Killed extends Error {
        Killed(String where) {
            super("killed during " + where + " (injected)");
        }
    }

    /**
     * @param operation the SDK operation, e.g. PutObject
     * @param target    matches the S3 key / Glue table / "" of the call
     * @param times     how many matching attempts fail; after that, calls pass
     */
    public record Rule(String operation, Predicate<String> target, Effect effect, int times) {}

    private record Armed(Rule rule, AtomicInteger remaining) {}

    private final List<Armed> rules = new CopyOnWriteArrayList<>();
    private final List<String> injected = new CopyOnWriteArrayList<>();

    public FaultInjector add(Rule rule) {
        rules.add(new Armed(rule, new AtomicInteger(rule.times())));
        return this;
    }

    /** One line per injected fault: operation, target, effect. */
    public List<String> injected() {
        return List.copyOf(injected);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Armed armed = take(operation, context.request(), false);
        if (armed == null) {
            return;
        }
        String where = operation + " " + target(context.request());
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        switch (armed.rule().effect()) {
            case SERVER_ERROR -> throw error(service, 500, service.equals("S3") ? "InternalError" : "InternalServiceException", where);
            case SLOW_DOWN -> throw error(service, 503, service.equals("S3") ? "SlowDown" : "ThrottlingException", where);
            case UNREACHABLE -> throw SdkClientException.create("Unable to execute HTTP request: Connect timed out (injected: " + where + ")",
                    new java.net.SocketTimeoutException("Connect timed out"));
            case GLUE_CONFLICT -> throw ConcurrentModificationException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConcurrentModificationException").serviceName(service)
                            .errorMessage("Update table failed due to concurrent modifications (injected: " + where + ")")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build()).build())
                    .message("Update table failed due to concurrent modifications (injected: " + where + ")").build();
            case KILLED -> throw new Killed(where);
            default -> throw new IllegalStateException("not a before-transmission fault: " + armed.rule());
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Armed armed = take(operation, context.request(), true);
        if (armed != null && armed.rule().effect() == Effect.LOST_RESPONSE) {
            return context.httpResponse().toBuilder().statusCode(503).statusText("Slow Down").build();
        }
        return context.httpResponse();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof GetQueryExecutionResponse r) {
            Armed armed = take("GetQueryExecution", context.request(), null);
            if (armed != null) {
                QueryExecutionState state = armed.rule().effect() == Effect.ATHENA_FAILED ? QueryExecutionState.FAILED : QueryExecutionState.CANCELLED;
                String reason = state == QueryExecutionState.FAILED
                        ? "HIVE_BAD_DATA: Error parsing field value (injected)" : "Query cancelled by user (injected)";
                return r.toBuilder().queryExecution(r.queryExecution().toBuilder()
                        .status(s -> s.state(state).stateChangeReason(reason)).build()).build();
            }
        }
        return context.response();
    }

    /** The next armed rule for this call, used up by one; {@code afterResponse}: only lost-response rules (or, null, Athena states). */
    private Armed take(String operation, SdkRequest request, Boolean afterResponse) {
        for (Armed a : rules) {
            Effect e = a.rule().effect();
            boolean phase = afterResponse == null ? (e == Effect.ATHENA_FAILED || e == Effect.ATHENA_CANCELLED)
                    : afterResponse ? e == Effect.LOST_RESPONSE
                    : e != Effect.LOST_RESPONSE && e != Effect.ATHENA_FAILED && e != Effect.ATHENA_CANCELLED;
            if (phase && a.rule().operation().equals(operation) && a.rule().target().test(target(request))
                    && a.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                injected.add(operation + " " + target(request) + " " + e);
                return a;
            }
        }
        return null;
    }

    private static String target(SdkRequest request) {
        return request.getValueForField("Key", String.class)
                .or(() -> request.getValueForField("TableName", String.class))
                .or(() -> request.getValueForField("QueryExecutionId", String.class))
                .orElse("");
    }

    private static RuntimeException error(String service, int status, String code, String where) {
        AwsErrorDetails details = AwsErrorDetails.builder().errorCode(code).errorMessage("injected: " + where)
                .serviceName(service).sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build();
        return switch (service) {
            case "S3" -> S3Exception.builder().statusCode(status).awsErrorDetails(details).message(code + " (injected: " + where + ")").build();
            case "Athena" -> software.amazon.awssdk.services.athena.model.AthenaException.builder().statusCode(status).awsErrorDetails(details)
                    .message(code + " (injected: " + where + ")").build();
            default -> GlueException.builder().statusCode(status).awsErrorDetails(details).message(code + " (injected: " + where + ")").build();
        };
    }

    /** Matches every target. */
    public static Predicate<String> any() {
        return t -> true;
    }
}
