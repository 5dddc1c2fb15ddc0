package dev.featurestore.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.testing.LockRaces;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The run lock's compare-and-swap on S3 (If-None-Match, If-Match on the ETag, conditional delete), with threads. */
@ExtendWith(AwsEmulatorExtension.class)
class RunLockRaceTest {
    private S3Client s3;
    private S3ObjectStore store;

    @BeforeEach
    void createBucket(AwsEmulator aws) {
        s3 = AwsClients.forEndpoint(aws.endpoint(), aws.region(), aws.credentials()).s3();
        String bucket = "lock-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        store = S3ObjectStore.create(s3, bucket);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void replaceIfMatch_andDeleteIfMatch_refuseAStaleEtag() {
        store.put("k", bytes("one"));
        ObjectStore.Tagged first = store.getTagged("k").orElseThrow();
        assertThat(store.replaceIfMatch("k", bytes("two"), first.etag())).isTrue();

        assertThat(store.replaceIfMatch("k", bytes("three"), first.etag())).isFalse();
        assertThat(store.deleteIfMatch("k", first.etag())).isFalse();
        assertThat(new String(store.get("k").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(store.deleteIfMatch("k", store.getTagged("k").orElseThrow().etag())).isTrue();
        assertThat(store.replaceIfMatch("k", bytes("four"), first.etag())).isFalse();
        assertThat(store.getTagged("k")).isEmpty();
    }

    @Test
    void takeoverOfAnExpiredLock_hasExactlyOneWinner() throws Exception {
        LockRaces.takeoverOfAnExpiredLock_hasExactlyOneWinner(store, 8);
    }

    @Test
    void takingAFreeLock_hasExactlyOneWinner() throws Exception {
        LockRaces.takingAFreeLock_hasExactlyOneWinner(store, 8);
    }

    @Test
    void aRunThatLostItsLock_isRefused_andCannotReleaseTheNewOne() {
        LockRaces.aRunThatLostItsLock_isRefused_andCannotReleaseTheNewOne(store);
    }

    @Test
    void releaseRacingATakeover_neverDeletesTheNewHoldersLock() throws Exception {
        LockRaces.releaseRacingATakeover_neverDeletesTheNewHoldersLock(store, 10);
    }

    @Test
    void renew_extendsTheLockOfItsHolder() {
        LockRaces.renew_extendsTheLockOfItsHolder(store);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
