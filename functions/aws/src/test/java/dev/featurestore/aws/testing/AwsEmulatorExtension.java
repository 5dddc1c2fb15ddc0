package dev.featurestore.aws.testing;

import dev.featurestore.testing.TestTiers;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an AWS API endpoint ({@link AwsEmulator}, injectable as a parameter), found in this order:
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL}, when set (an emulator someone else runs);</li>
 *   <li>a container through Testcontainers when a Docker engine is available: LocalStack
 *       ({@code AWS_EMULATOR=localstack}, its Glue and Athena need {@code LOCALSTACK_AUTH_TOKEN}) or, by
 *       default, the moto image, which has the same {@code /moto-api} as the local process;</li>
 *   <li>{@code moto_server} started on a free loopback port, stopped after the run.</li>
 * </ol>
 * Without any of them the tests fail: a build never passes by skipping. Only with
 * {@code FEATURESTORE_ALLOW_SKIPS=1} ({@link TestTiers}) are they skipped, with the reason printed.
 *
 * <p>The default instance is shared by every test class of the JVM; tests keep apart by using their own
 * bucket/database names or call {@link AwsEmulator#reset()}. {@link #withLambdaPort()} starts a dedicated
 * moto whose Step Functions send {@code lambda:invoke} calls to {@link AwsEmulator#lambdaPort()}, where the
 * test serves the Lambda Invoke API ({@code MOTO_PORT}; see docs/aws.md, tests).
 */
public final class AwsEmulatorExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsEmulatorExtension.class);
    private static final String MOTO_IMAGE = "motoserver/moto:5.2.1";
    private static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private final boolean lambdaPort;

    /** The shared emulator ({@code @ExtendWith(AwsEmulatorExtension.class)}). */
    public AwsEmulatorExtension() {
        this(false);
    }

    private AwsEmulatorExtension(boolean lambdaPort) {
        this.lambdaPort = lambdaPort;
    }

    /** A dedicated moto for this test class, started with {@code MOTO_PORT} = a free port (see class doc). */
    public static AwsEmulatorExtension withLambdaPort() {
        return new AwsEmulatorExtension(true);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Started started = started(context);
        if (started.emulator().isPresent()) {
            return ConditionEvaluationResult.enabled("AWS emulator at " + started.emulator().get().endpoint());
        }
        String reason = "No AWS emulator: " + started.reason();
        if (!TestTiers.skipsAllowed()) {
            throw new ExtensionConfigurationException(TestTiers.mustRun(reason));
        }
        TestTiers.reportSkip(context.getDisplayName(), reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return started(context).emulator().orElseThrow(() -> new ExtensionConfigurationException(started(context).reason()));
    }

    private Started started(ExtensionContext context) {
        ExtensionContext owner = lambdaPort ? classContext(context) : context.getRoot();
        String key = lambdaPort ? "lambda-port" : "shared";
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> start(lambdaPort), Started.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Started start(boolean lambdaPort) {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (!lambdaPort && external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            return new Started(Optional.of(new AwsEmulator(uri, answersMotoApi(uri) ? "moto" : "external", OptionalInt.empty())), "", null);
        }
        if (!lambdaPort && dockerAvailable()) {
            return Containers.start();
        }
        try {
            Map<String, String> env = new HashMap<>();
            OptionalInt invokePort = OptionalInt.empty();
            if (lambdaPort) {
                invokePort = OptionalInt.of(MotoServer.freePort());
                env.put("MOTO_PORT", String.valueOf(invokePort.getAsInt()));
            }
            MotoServer moto = MotoServer.start(env);
            return new Started(Optional.of(new AwsEmulator(moto.endpoint(), "moto", invokePort)), "", moto);
        } catch (IOException e) {
            return new Started(Optional.empty(), e.getMessage() + "; no AWS_ENDPOINT_URL and no Docker engine either", null);
        }
    }

    /** An endpoint someone else runs may be moto too: then the moto-only helpers work on it. */
    private static boolean answersMotoApi(URI endpoint) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) endpoint.resolve("/moto-api/data.json").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
            return false; // spares Testcontainers' slow probing of every strategy on machines without Docker
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (LinkageError noTestcontainers) {
            return false;
        }
    }

    /** Kept apart so Testcontainers classes load only when a Docker engine is there. */
    private static final class Containers {
        static Started start() {
            boolean localstack = "localstack".equalsIgnoreCase(System.getenv("AWS_EMULATOR"));
            org.testcontainers.containers.GenericContainer<?> container = new org.testcontainers.containers.GenericContainer<>(
                    org.testcontainers.utility.DockerImageName.parse(localstack ? LOCALSTACK_IMAGE : MOTO_IMAGE))
                    .withExposedPorts(localstack ? 4566 : 5000);
            if (localstack) {
                String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
                if (token != null) {
                    container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
                }
                container.waitingFor(org.testcontainers.containers.wait.strategy.Wait.forHttp("/_localstack/health"));
            } else {
                container.waitingFor(org.testcontainers.containers.wait.strategy.Wait.forHttp("/moto-api/data.json"));
            }
            try {
                container.start();
            } catch (RuntimeException e) {
                return new Started(Optional.empty(), "cannot start " + container.getDockerImageName() + ": " + e.getMessage(), null);
            }
            URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(localstack ? 4566 : 5000));
            return new Started(Optional.of(new AwsEmulator(endpoint, localstack ? "localstack" : "moto", OptionalInt.empty())), "",
                    container::stop);
        }
    }

    /** What was found; closed (the process or container stopped) when its store is closed. */
    private record Started(Optional<AwsEmulator> emulator, String reason, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
