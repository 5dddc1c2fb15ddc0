package dev.featurestore.aws.s3;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.storage.RangeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on one S3 bucket (and an optional key prefix). Large files go up as a multipart upload
 * read part by part from the file (memory bounded by one part), aborted on failure so no half object and no
 * orphaned parts remain. {@link #putIfAbsent} is S3's conditional write ({@code If-None-Match: *}) and
 * {@link #replaceIfMatch}/{@link #deleteIfMatch} its If-Match writes and deletes on the ETag, which make the run
 * lock a compare-and-swap without a second service. Throttling and 5xx are retried by the SDK
 * client's retry strategy (see {@link dev.featurestore.aws.AwsClients}).
 */
public final class S3ObjectStore implements ObjectStore {
    /** S3's smallest part (except the last); files up to the threshold go up in one PUT. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long partSize;
    private final int pageSize;

    private S3ObjectStore(S3Client s3, String bucket, String prefix, long partSize, int pageSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("Cannot use parts of " + partSize + " bytes (S3 needs at least " + MIN_PART_SIZE + ")");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.partSize = partSize;
        this.pageSize = pageSize;
    }

    public static S3ObjectStore create(S3Client s3, String bucket) {
        return new S3ObjectStore(s3, bucket, "", DEFAULT_PART_SIZE, DELETE_BATCH);
    }

    /** The same bucket under a key prefix (e.g. one per environment). */
    public S3ObjectStore withPrefix(String keyPrefix) {
        return new S3ObjectStore(s3, bucket, keyPrefix, partSize, pageSize);
    }

    /** Files larger than one part are uploaded in parts of this size. */
    public S3ObjectStore withPartSize(long bytes) {
        return new S3ObjectStore(s3, bucket, prefix, bytes, pageSize);
    }

    /** Keys per list page and per batch delete (S3's maximum and the default: 1000). */
    S3ObjectStore withPageSize(int keys) {
        return new S3ObjectStore(s3, bucket, prefix, partSize, keys);
    }

    public String bucket() {
        return bucket;
    }

    /** The full S3 key of a store key. */
    public String s3Key(String key) {
        return prefix + key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(s3Key(key))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        if (length <= 0) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(s3Key(key))
                    .range("bytes=" + offset + "-" + (offset + length - 1))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /**
     * Ranges closer than this are read with one GET (the bytes between are read and dropped): a GET's latency
     * costs more than a few MiB of transfer.
     */
    static final long RANGE_GAP = 4L * 1024 * 1024;

    /**
     * Ranges close together share one ranged GET; every GET carries If-Match with the expected ETag (a 412 means
     * the object was replaced) and its Content-Range total is compared with the expected size.
     */
    @Override
    public RangeRead getRanges(String key, List<Range> ranges, Expected expected) {
        byte[][] out = new byte[ranges.size()][];
        for (RangeSpans.Span s : RangeSpans.of(ranges, RANGE_GAP)) {
            long start = s.start();
            long end = s.end();
            if (start < 0 || end > expected.bytes()) {
                return new RangeRead.Changed("a read of bytes " + start + "-" + end + " is outside the " + expected.bytes()
                        + " bytes the manifest recorded");
            }
            byte[] span;
            long first = start;
            long last = end - 1;
            try {
                var response = s3.getObjectAsBytes(b -> {
                    b.bucket(bucket).key(s3Key(key)).range("bytes=" + first + "-" + last);
                    expected.etag().ifPresent(b::ifMatch);
                });
                String total = response.response().contentRange() == null ? null
                        : response.response().contentRange().substring(response.response().contentRange().lastIndexOf('/') + 1);
                if (total != null && !total.equals("*") && Long.parseLong(total) != expected.bytes()) {
                    return new RangeRead.Changed("it has " + total + " bytes, the manifest recorded " + expected.bytes());
                }
                span = response.asByteArray();
            } catch (NoSuchKeyException e) {
                return new RangeRead.Missing();
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return new RangeRead.Changed("its ETag is no longer " + expected.etag().orElse("?"));
                }
                throw failure("read", key, e);
            } catch (SdkException e) {
                throw failure("read", key, e);
            }
            if (span.length != end - start) {
                return new RangeRead.Changed("it ends before byte " + end);
            }
            s.cut(span, ranges, out);
        }
        return new RangeRead.Read(java.util.Arrays.asList(out));
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(s3Key(key)));
            return Optional.of(in);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void download(String key, Path target) {
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".download-", ".tmp");
            try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(s3Key(key)));
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchKeyException e) {
            throw new StorageException("Cannot download " + uri(key) + ": no such object (was it written, and is the key right?)", e);
        } catch (SdkException e) {
            throw failure("download", key, e);
        } catch (IOException e) {
            throw new StorageException("Cannot download " + uri(key) + " to " + target + ": " + e.getMessage() + " (check free space in the local directory)", e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(s3Key(key)), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void putFile(String key, Path source) {
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new StorageException("Cannot upload " + source + " to " + uri(key) + ": " + e.getMessage(), e);
        }
        if (size <= partSize) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(s3Key(key)).contentLength(size), RequestBody.fromFile(source));
            } catch (SdkException e) {
                throw failure("upload", key, e);
            }
            return;
        }
        multipartUpload(key, source, size);
    }

    private void multipartUpload(String key, Path source, long size) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(s3Key(key))).uploadId();
        } catch (SdkException e) {
            throw failure("start the multipart upload of", key, e);
        }
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate((int) partSize);
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                    // fill the part
                }
                buffer.flip();
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) buffer.remaining()), RequestBody.fromByteBuffer(buffer)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | SdkException e) {
            abort(key, uploadId, e);
            if (e instanceof IOException io) {
                throw new StorageException("Cannot upload " + source + " to " + uri(key) + ": " + io.getMessage(), io);
            }
            throw failure("upload", key, (SdkException) e);
        }
    }

    private void abort(String key, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(s3Key(key)).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e); // the bucket's lifecycle rule removes the orphaned parts
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(s3Key(key)).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            // 412: the key exists; 409: a concurrent conditional write of the same key is in flight and wins
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw failure("create", key, e);
        } catch (SdkException e) {
            throw failure("create", key, e);
        }
    }

    @Override
    public Optional<Tagged> getTagged(String key) {
        try {
            var response = s3.getObjectAsBytes(b -> b.bucket(bucket).key(s3Key(key)));
            return Optional.of(new Tagged(response.asByteArray(), response.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /** S3's If-Match on PutObject: 412 when the ETag changed, 404 when the object is gone, 409 when a concurrent conditional write wins. */
    @Override
    public boolean replaceIfMatch(String key, byte[] bytes, String etag) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(s3Key(key)).ifMatch(etag), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (lostTheRace(e)) {
                return false;
            }
            throw failure("replace", key, e);
        } catch (SdkException e) {
            throw failure("replace", key, e);
        }
    }

    /** S3's conditional DeleteObject (If-Match), with the same answers as {@link #replaceIfMatch}. */
    @Override
    public boolean deleteIfMatch(String key, String etag) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(s3Key(key)).ifMatch(etag));
            return true;
        } catch (S3Exception e) {
            if (lostTheRace(e)) {
                return false;
            }
            throw failure("delete", key, e);
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    private static boolean lostTheRace(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 404 || e.statusCode() == 409;
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(s3Key(keyPrefix)).maxKeys(pageSize)).contents()) {
                keys.add(o.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public List<Listed> listWithSizes(String keyPrefix) {
        List<Listed> listed = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(s3Key(keyPrefix)).maxKeys(pageSize)).contents()) {
                listed.add(new Listed(o.key().substring(prefix.length()), o.size(), java.util.Optional.ofNullable(o.eTag())));
            }
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
        listed.sort(java.util.Comparator.comparing(Listed::key));
        return listed;
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(s3Key(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(s3Key(key)));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /** Deletes in batches of 1000 keys per request instead of one request per key. */
    @Override
    public void deletePrefix(String keyPrefix) {
        List<String> keys = list(keyPrefix);
        for (int from = 0; from < keys.size(); from += pageSize) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + pageSize)).stream()
                    .map(k -> ObjectIdentifier.builder().key(s3Key(k)).build()).toList();
            try {
                var response = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    var first = response.errors().get(0);
                    throw new StorageException("Cannot delete " + response.errors().size() + " objects under " + uri(keyPrefix)
                            + ", e.g. " + first.key() + ": " + first.code() + " " + first.message() + " (check the role's s3:DeleteObject permission)");
                }
            } catch (SdkException e) {
                throw failure("delete objects under", keyPrefix, e);
            }
        }
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + s3Key(key);
    }

    private StorageException failure(String verb, String key, SdkException e) {
        String why = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode() + ": " + s3e.awsErrorDetails().errorMessage()
                : e.getMessage();
        String fix = e instanceof S3Exception s3e && s3e.statusCode() == 403
                ? "check the function role's S3 permissions on bucket " + bucket
                : "retried by the SDK; check that bucket " + bucket + " exists and S3 is reachable";
        return new StorageException("Cannot " + verb + " " + uri(key) + ": " + why + " (" + fix + ")", e);
    }

}
