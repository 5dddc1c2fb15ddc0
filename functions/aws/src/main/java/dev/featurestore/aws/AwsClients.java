package dev.featurestore.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK clients of the adapters: the URL-connection HTTP client (no Netty, no Apache: a small jar
 * and a short cold start), the SDK's standard retry strategy (backoff with jitter on throttling and 5xx,
 * not hand-written loops) and, for emulators, an endpoint override with path-style S3.
 *
 * @param endpoint     an emulator's endpoint; empty on AWS (the SDK then also honours AWS_ENDPOINT_URL)
 * @param interceptors added to every client, in order: empty in production; tests record each call (the
 *                     least-privilege check) or inject faults through them
 */
public record AwsClients(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials, int maxAttempts,
                         List<ExecutionInterceptor> interceptors) {

    public AwsClients {
        interceptors = List.copyOf(interceptors);
    }

    /** One HTTP client for every SDK client: they share its connection handling and close with it. */
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();

    /**
     * On Lambda: region and credentials from the environment (AWS_REGION, the execution role). With
     * AWS_ENDPOINT_URL set (an emulator, e.g. when running the jar locally) every client goes there, S3 path-style.
     */
    public static AwsClients fromEnvironment() {
        String region = Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1");
        Optional<URI> endpoint = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
        return new AwsClients(endpoint, Region.of(region), DefaultCredentialsProvider.builder().build(), 5, List.of());
    }

    public static AwsClients forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return new AwsClients(Optional.of(endpoint), region, credentials, 5, List.of());
    }

    public AwsClients withMaxAttempts(int attempts) {
        return new AwsClients(endpoint, region, credentials, attempts, interceptors);
    }

    /** The same clients with one more interceptor on every call (after those already added). */
    public AwsClients withInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(interceptor);
        return new AwsClients(endpoint, region, credentials, maxAttempts, all);
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .executionInterceptors(interceptors)
                .build();
    }

    public S3Client s3() {
        var b = S3Client.builder().httpClient(HTTP).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides())
                // checksums only where S3 requires them: no aws-chunked re-encoding of every upload
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    public S3Presigner presigner() {
        var b = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    public GlueClient glue() {
        var b = GlueClient.builder().httpClient(HTTP).region(region).credentialsProvider(credentials).overrideConfiguration(overrides());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    /** Step Functions: the API's run route starts and describes executions of the materialization state machine. */
    public software.amazon.awssdk.services.sfn.SfnClient sfn() {
        var b = software.amazon.awssdk.services.sfn.SfnClient.builder().httpClient(HTTP).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    public AthenaClient athena() {
        var b = AthenaClient.builder().httpClient(HTTP).region(region).credentialsProvider(credentials).overrideConfiguration(overrides());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }
}
