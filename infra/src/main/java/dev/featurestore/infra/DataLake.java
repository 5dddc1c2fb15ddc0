package dev.featurestore.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The data lake bucket: partials under {@code staging/}, versions under {@code features/}, run records under
 * {@code runs/}, Athena results under {@code query-results/} (layout: docs/versions.md). Encrypted, private, TLS
 * only; staging partials of failed runs and query results expire, feature versions are kept (retention is the
 * merge's job, per group). Versioned: an overwritten pointer or a deleted version stays recoverable for
 * {@link #NONCURRENT_DAYS} days. Server access logs go to a second bucket (expired after {@link #ACCESS_LOG_DAYS} days).
 */
public final class DataLake extends Construct {

    public static final String STAGING = "staging/";
    public static final String FEATURES = "features/";
    public static final String QUERY_RESULTS = "query-results/";
    /** The objects of the API's temporary tables (training-set entity rows, long id lists): the Query role deletes them. */
    public static final String TEMPORARY_TABLES = QUERY_RESULTS + "_tables/";
    public static final String RUNS = "runs/";
    /** Days an overwritten or deleted object's previous version is kept (a wrong publish or retention undone). */
    public static final int NONCURRENT_DAYS = 30;
    public static final int ACCESS_LOG_DAYS = 90;

    /**
     * @param bucketName        the bucket's name (may be a token, e.g. with the account id)
     * @param stagingDays       days after which partials left by failed runs are deleted
     * @param queryResultsDays  days after which Athena results and exports are deleted
     */
    public record Props(String bucketName, int stagingDays, int queryResultsDays) {}

    private final Bucket bucket;
    private final Bucket accessLogs;

    public DataLake(Construct scope, String id, Props props) {
        super(scope, id);
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED) // S3 delivers through a bucket policy (cdk.json flag)
                .enforceSsl(true)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs")
                        .expiration(Duration.days(ACCESS_LOG_DAYS)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(props.bucketName())
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("data-lake/")
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("expire-noncurrent-versions")
                                .noncurrentVersionExpiration(Duration.days(NONCURRENT_DAYS))
                                .expiredObjectDeleteMarker(true).build(),
                        LifecycleRule.builder().id("expire-staging").prefix(STAGING)
                                .expiration(Duration.days(props.stagingDays()))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
                        LifecycleRule.builder().id("expire-query-results").prefix(QUERY_RESULTS)
                                .expiration(Duration.days(props.queryResultsDays()))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
                        LifecycleRule.builder().id("abort-incomplete-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                // the features are the product: a stack deletion must never take them along
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public IBucket bucket() {
        return bucket;
    }

    public IBucket accessLogs() {
        return accessLogs;
    }

    /** {@code s3://<bucket>/<prefix>} */
    public String uri(String prefix) {
        return "s3://" + bucket.getBucketName() + "/" + prefix;
    }
}
