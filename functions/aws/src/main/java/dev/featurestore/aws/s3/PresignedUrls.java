package dev.featurestore.aws.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned GET URLs for results written to S3, so a notebook reads them without AWS credentials. */
public final class PresignedUrls {
    private final S3Presigner presigner;
    private final Duration validity;

    private PresignedUrls(S3Presigner presigner, Duration validity) {
        this.presigner = presigner;
        this.validity = validity;
    }

    public static PresignedUrls create(S3Presigner presigner, Duration validity) {
        return new PresignedUrls(presigner, validity);
    }

    public Duration validity() {
        return validity;
    }

    /** A URL that GETs {@code s3://bucket/key} for {@link #validity()}. */
    public URI get(String bucket, String key) {
        return URI.create(presigner.presignGetObject(b -> b.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
    }
}
