package dev.featurestore.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.featurestore.api.ApiRequest;
import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.RequestLog;
import dev.featurestore.api.Router;
import dev.featurestore.aws.api.FeatureApi;
import dev.featurestore.aws.api.GatewayEvent;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.query.ErrorBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The query API's Lambda: a thin transport from an API Gateway REST proxy event to core's router
 * ({@link FeatureApi#router}) and back. The answer is written into memory first, so a failure while writing rows
 * becomes an error status, never a 200 with a cut body. One log line per request ({@link RequestLog}).
 */
public final class QueryHandler implements RequestStreamHandler {
    private final Router router;
    private final RequestLog log = RequestLog.slf4j();

    public QueryHandler() {
        this(AwsRuntime.fromEnvironment());
    }

    public QueryHandler(AwsRuntime runtime) {
        this.router = FeatureApi.router(runtime);
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] event = in.readAllBytes();
        ApiResponse response;
        byte[] body;
        long start = System.nanoTime();
        ApiRequest request = null;
        long rows = -1;
        try {
            request = GatewayEvent.parse(event);
            ApiRequest r = request;
            MDC.put("method", r.method());
            MDC.put("path", r.rawPath());
            response = context == null ? router.handle(r) : PowertoolsLogging.withLogging(context, () -> router.handle(r));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try {
                rows = response.body().writeTo(buffer);
                body = buffer.toByteArray();
            } catch (IOException | RuntimeException failed) {
                log.aborted(request, response, (System.nanoTime() - start) / 1_000_000, failed);
                response = ApiResponse.error(ErrorBody.of(failed)).withOrg(response.org().orElse("-"));
                body = response.bytes();
            }
        } catch (RuntimeException malformed) {
            response = ApiResponse.error(ErrorBody.of(malformed));
            body = response.bytes();
        } finally {
            MDC.clear();
        }
        log.served(request == null ? new ApiRequest("?", "?", Map.of(), Map.of(), new byte[0]) : request, response, rows,
                (System.nanoTime() - start) / 1_000_000);
        StepEvents.JSON.writeValue(out, GatewayEvent.response(response, body));
    }
}
