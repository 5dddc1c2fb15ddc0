package dev.featurestore.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.error.StorageException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(AwsEmulatorExtension.class)
class S3ObjectStoreTest {
    private S3Client s3;
    private String bucket;
    private S3ObjectStore store;

    @BeforeEach
    void createBucket(AwsEmulator aws) {
        s3 = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials()).s3();
        bucket = "fs-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        store = S3ObjectStore.create(s3, bucket).withPrefix("env");
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void get_returnsWhatPutWrote() {
        store.put("features/a.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.get("features/a.json")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("env/features/a.json")).contentLength()).isEqualTo(2);
    }

    @Test
    void get_isEmpty_whenKeyIsMissing() {
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.open("nope")).isEmpty();
        assertThat(store.exists("nope")).isFalse();
    }

    @Test
    void open_streamsTheObject() throws Exception {
        store.put("k", new byte[]{1, 2, 3});

        try (InputStream in = store.open("k").orElseThrow()) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void putFile_usesMultipartUpload_whenFileIsLargerThanOnePart(@TempDir Path dir) throws Exception {
        byte[] data = new byte[(int) (S3ObjectStore.MIN_PART_SIZE * 2 + 12345)];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("big.parquet");
        Files.write(file, data);

        store.withPartSize(S3ObjectStore.MIN_PART_SIZE).putFile("features/big.parquet", file);

        String etag = s3.headObject(b -> b.bucket(bucket).key("env/features/big.parquet")).eTag();
        assertThat(etag).as("a multipart ETag ends with -<parts>").endsWith("-3\"");
        Path back = dir.resolve("back/big.parquet");
        store.download("features/big.parquet", back);
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void putFile_usesOnePut_whenFileIsSmall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.parquet");
        Files.writeString(file, "small");

        store.putFile("small.parquet", file);

        assertThat(s3.headObject(b -> b.bucket(bucket).key("env/small.parquet")).eTag()).doesNotContain("-");
        assertThat(store.get("small.parquet")).hasValueSatisfying(b -> assertThat(b).hasSize(5));
    }

    @Test
    void download_failsWithTheKey_whenObjectIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> store.download("staging/x.parquet", dir.resolve("x.parquet")))
                .isInstanceOf(StorageException.class)
                .hasMessage("Cannot download s3://" + bucket + "/env/staging/x.parquet: no such object (was it written, and is the key right?)");
    }

    @Test
    void putIfAbsent_writesOnlyTheFirstTime() {
        assertThat(store.putIfAbsent("features/g/_lock", "a".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(store.putIfAbsent("features/g/_lock", "b".getBytes(StandardCharsets.UTF_8))).isFalse();

        assertThat(store.get("features/g/_lock")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("a"));
    }

    @Test
    void list_returnsEveryKeyUnderPrefix_acrossPages() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String key = String.format("staging/g/org=acme/run=r1/f%04d.parquet", i);
            expected.add(key);
        }
        expected.forEach(k -> store.put(k, new byte[0]));
        store.put("staging/g/org=other/run=r1/x.parquet", new byte[0]);

        // 7 keys in pages of 3: three ListObjectsV2 calls
        assertThat(store.withPageSize(3).list("staging/g/org=acme/")).containsExactlyElementsOf(expected);
    }

    @Test
    void deletePrefix_removesOnlyKeysUnderPrefix() {
        store.put("staging/g/run=1/a", new byte[0]);
        store.put("staging/g/run=1/b", new byte[0]);
        store.put("staging/g/run=2/a", new byte[0]);

        store.put("staging/g/run=1/c", new byte[0]);

        store.withPageSize(2).deletePrefix("staging/g/run=1/");

        assertThat(store.list("staging/")).containsExactly("staging/g/run=2/a");
    }

    @Test
    void delete_isQuiet_whenKeyIsMissing() {
        store.put("a", new byte[0]);
        store.delete("a");
        store.delete("a");

        assertThat(store.exists("a")).isFalse();
    }

    @Test
    void uri_namesBucketAndPrefixedKey() {
        assertThat(store.uri("features/g/")).isEqualTo("s3://" + bucket + "/env/features/g/");
    }

    @Test
    void put_failsWithStorageException_whenBucketIsMissing() {
        S3ObjectStore missing = S3ObjectStore.create(s3, "no-such-bucket-" + UUID.randomUUID());

        assertThatThrownBy(() -> missing.put("k", new byte[0]))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("Cannot write s3://" + missing.bucket() + "/k: 404 NoSuchBucket")
                .hasMessageEndingWith("(retried by the SDK; check that bucket " + missing.bucket() + " exists and S3 is reachable)");
    }
}
