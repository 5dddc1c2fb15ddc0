package dev.featurestore.local.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConflictException;
import dev.featurestore.local.LocalProcessOwner;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.testing.LockRaces;
import dev.featurestore.version.Layout;
import dev.featurestore.version.VersionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock's compare-and-swap on the lake directory (a file lock around compare and atomic move), with threads. */
class LocalRunLockRaceTest {
    @TempDir
    Path root;
    private LocalObjectStore store;

    @BeforeEach
    void setUp() {
        store = LocalObjectStore.create(root);
    }

    @Test
    void replaceIfMatch_andDeleteIfMatch_refuseAStaleDigest() {
        store.put("k", bytes("one"));
        ObjectStore.Tagged first = store.getTagged("k").orElseThrow();
        assertThat(store.replaceIfMatch("k", bytes("two"), first.etag())).isTrue();

        assertThat(store.replaceIfMatch("k", bytes("three"), first.etag())).isFalse();
        assertThat(store.deleteIfMatch("k", first.etag())).isFalse();
        assertThat(store.deleteIfMatch("k", store.getTagged("k").orElseThrow().etag())).isTrue();
        assertThat(store.replaceIfMatch("k", bytes("four"), first.etag())).isFalse();
        assertThat(store.getTagged("k")).isEmpty();
        assertThat(store.list("")).as("the compare-and-swap lock files are never listed").isEmpty();
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
        LockRaces.releaseRacingATakeover_neverDeletesTheNewHoldersLock(store, 20);
    }

    @Test
    void renew_extendsTheLockOfItsHolder() {
        LockRaces.renew_extendsTheLockOfItsHolder(store);
    }

    /** A crashed local run (its process gone, same host) does not block the next run for three hours. */
    @Test
    void lock_ofADeadLocalProcess_isTakenOverAtOnce() throws Exception {
        Process crashed = new ProcessBuilder("true").start();
        crashed.waitFor();
        long deadPid = crashed.pid();
        Clock now = Clock.fixed(Instant.parse("2026-11-24T03:15:00Z"), ZoneOffset.UTC);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        store.put(Layout.lock("customer", "acme"), bytes("crashed-run\n2026-11-24T03:00:00Z\n2026-11-24T06:00:00Z\npid "
                + deadPid + " on host " + host + "\n"));
        VersionStore versions = new VersionStore(store, now, Duration.ofHours(3), LocalProcessOwner.current());

        versions.lock("customer", "acme", "next-run");

        assertThat(versions.holdsLock("customer", "acme", "next-run")).isTrue();
        assertThat(versions.lockHolder("customer", "acme").orElseThrow().owner())
                .isEqualTo("pid " + ProcessHandle.current().pid() + " on host " + host);
    }

    @Test
    void lock_ofALiveProcess_orAnotherHost_isNotTakenOver() throws Exception {
        Clock now = Clock.fixed(Instant.parse("2026-11-24T03:15:00Z"), ZoneOffset.UTC);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        VersionStore versions = new VersionStore(store, now, Duration.ofHours(3), LocalProcessOwner.current());
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        for (String owner : new String[] {"pid " + alive + " on host " + host, "pid 999999999 on host some-other-host", "remote", ""}) {
            store.put(Layout.lock("customer", "acme"), bytes("other-run\n2026-11-24T03:00:00Z\n2026-11-24T06:00:00Z\n" + owner + "\n"));

            assertThatThrownBy(() -> versions.lock("customer", "acme", "next-run")).as(owner)
                    .isInstanceOf(ConflictException.class)
                    .hasMessageStartingWith("Cannot calculate group 'customer' for org 'acme': run other-run started at 2026-11-24T03:00:00Z is still running");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
