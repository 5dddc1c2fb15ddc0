package dev.featurestore.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DataLakeTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bucket_isEncryptedPrivateAndRetained(String env) {
        Template t = Synthesized.template(env);

        t.resourceCountIs("AWS::S3::Bucket", 2); // the data lake and its access logs
        t.hasResource("AWS::S3::Bucket", Map.of(
                "DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                                Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bucketPolicy_deniesEveryRequestWithoutTls(String env) {
        Synthesized.template(env).hasResourceProperties("AWS::S3::BucketPolicy", Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "s3:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void lifecycle_expiresStagingAndQueryResultsWithTheConfiguredDays(String env) {
        int days = env.equals("dev") ? 3 : 7;

        Synthesized.template(env).hasResourceProperties("AWS::S3::Bucket", Map.of(
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Id", "expire-staging", "Prefix", "staging/", "ExpirationInDays", days, "Status", "Enabled")),
                        Match.objectLike(Map.of("Id", "expire-query-results", "Prefix", "query-results/", "ExpirationInDays", days)))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bucketName_carriesEnvironmentAccountAndRegion(String env) {
        String name = Synthesized.tree(env).at("/Resources").properties().stream()
                .filter(e -> e.getKey().startsWith("DataLakeBucket"))
                .findFirst().orElseThrow().getValue().at("/Properties/BucketName").toString();

        assertThat(name).contains("featurestore-" + env + "-").contains("eu-central-1");
    }
}
