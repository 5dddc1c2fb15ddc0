package dev.featurestore.aws.s3;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.StorageException;
import dev.featurestore.plan.EnvironmentLakes;
import dev.featurestore.storage.ObjectStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * An environment's lake in its S3 bucket, for {@code featurestore plan -c env=NAME} (found by the CLI through
 * {@link java.util.ServiceLoader} when this jar is on its classpath). Credentials: AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) when the caller's environment has them, otherwise the SDK's
 * default chain (profiles, SSO, instance roles); AWS_ENDPOINT_URL sends the calls to an emulator.
 */
public final class S3EnvironmentLakes implements EnvironmentLakes {

    @Override
    public ObjectStore open(String region, String bucket, Map<String, String> variables) {
        Optional<URI> endpoint = Optional.ofNullable(variables.get("AWS_ENDPOINT_URL")).filter(s -> !s.isBlank()).map(URI::create);
        AwsClients clients = new AwsClients(endpoint, Region.of(region), credentials(variables), 5, List.of());
        S3Client s3 = clients.s3();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new NotFoundException("Cannot read the lake of the environment: bucket " + bucket + " does not exist in " + region
                    + " (is the environment deployed, and is the account right?)");
        } catch (SdkException e) {
            throw new StorageException("Cannot read the lake of the environment: bucket " + bucket + " in " + region
                    + " cannot be reached (" + e.getMessage() + "; check your AWS credentials, AWS_ENDPOINT_URL and the network)", e);
        }
        return S3ObjectStore.create(s3, bucket);
    }

    private static AwsCredentialsProvider credentials(Map<String, String> variables) {
        String key = variables.get("AWS_ACCESS_KEY_ID");
        String secret = variables.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = variables.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
    }
}
