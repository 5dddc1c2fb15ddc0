package dev.featurestore.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs a handler of this jar outside Lambda, the way the Java runtime does (one instance, then one event):
 * {@code java -cp featurestore-lambda.jar dev.featurestore.aws.LocalInvoke QueryHandler events/api-get-group.json}
 * with the handlers' environment variables set (and AWS_ENDPOINT_URL for an emulator). Prints the response
 * on stdout and, on stderr, the milliseconds from JVM start to the handled event (a cold-start proxy).
 */
public final class LocalInvoke {
    private LocalInvoke() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalInvoke <handler class, e.g. QueryHandler> <event.json>...");
            System.exit(2);
        }
        String name = args[0].contains(".") ? args[0] : "dev.featurestore.aws.handler." + args[0];
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(name).getConstructor().newInstance();
        long initMs = uptimeMs();
        for (int i = 1; i < args.length; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(Path.of(args[i]))) {
                handler.handleRequest(in, out, new LocalContext(args[0]));
            }
            System.out.println(out.toString(StandardCharsets.UTF_8));
            System.err.printf("LocalInvoke: event %d handled at %d ms after JVM start (handler ready at %d ms, %d ms CPU)%n", i,
                    uptimeMs(), initMs, cpuMs());
        }
    }

    /** CPU time of the whole process (all threads, JIT and GC included): less sensitive to a busy machine. */
    private static long cpuMs() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
    }

    private static long uptimeMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** What the Lambda runtime would pass; Powertools reads the function name, request id and memory. */
    private record LocalContext(String functionName) implements Context {
        public String getAwsRequestId() {
            return UUID.randomUUID().toString();
        }

        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        public String getLogStreamName() {
            return "local";
        }

        public String getFunctionName() {
            return functionName;
        }

        public String getFunctionVersion() {
            return "$LATEST";
        }

        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getRemainingTimeInMillis() {
            return 900_000;
        }

        public int getMemoryLimitInMB() {
            return 1024;
        }

        public LambdaLogger getLogger() {
            return null;
        }
    }
}
