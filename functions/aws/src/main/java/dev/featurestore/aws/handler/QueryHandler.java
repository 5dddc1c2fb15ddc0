package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.aws.api.ApiRequest;
import dev.featurestore.aws.api.ApiResponse;
import dev.featurestore.aws.api.FeatureApi;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.query.ErrorBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The query API's Lambda: an API Gateway REST proxy event → {@link FeatureApi} → a proxy response. Errors
 * become the same {@code {"error", "message"}} bodies and statuses as the local server's.
 */
public final class QueryHandler implements RequestStreamHandler {
    private final FeatureApi api;

    public QueryHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public QueryHandler(AwsRuntime runtime) {
        this.api = new FeatureApi(runtime);
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] event = in.readAllBytes();
        ApiResponse response;
        try {
            ApiRequest request = ApiRequest.parse(event);
            request.pathParameters().forEach(MDC::put);
            response = context == null ? api.handle(request) : PowertoolsLogging.withLogging(context, () -> api.handle(request));
        } catch (RuntimeException malformed) {
            response = ApiResponse.error(ErrorBody.of(malformed));
        } finally {
            MDC.clear();
        }
        StepEvents.JSON.writeValue(out, response.toEvent());
    }
}
