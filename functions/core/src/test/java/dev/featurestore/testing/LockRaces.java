package dev.featurestore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ConflictException;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.version.Layout;
import dev.featurestore.version.LockOwner;
import dev.featurestore.version.VersionStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The run lock's races, played with real threads against any {@link ObjectStore} (S3 on the emulator, the
 * local lake): the store adapters' tests call these so both implementations of compare-and-swap are proven.
 */
public final class LockRaces {
    public static final String GROUP = "customer";
    public static final String ORG = "acme";
    private static final Instant T0 = Instant.parse("2026-11-24T03:15:00Z");

    private LockRaces() {
    }

    private static VersionStore at(ObjectStore store, Instant now, LockOwner owner) {
        return new VersionStore(store, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(3), owner);
    }

    /** {@code threads} runs take over one expired lock at the same instant: exactly one gets it. */
    public static void takeoverOfAnExpiredLock_hasExactlyOneWinner(ObjectStore store, int threads) throws Exception {
        at(store, T0, LockOwner.REMOTE).lock(GROUP, ORG, "old-run");
        VersionStore later = at(store, T0.plus(Duration.ofHours(4)), LockOwner.REMOTE);

        List<String> winners = race(threads, i -> later.lock(GROUP, ORG, "run-" + i), i -> "run-" + i);

        assertThat(winners).hasSize(1);
        assertThat(later.lockHolder(GROUP, ORG).orElseThrow().runId()).isEqualTo(winners.get(0));
    }

    /** {@code threads} runs take a free lock at once: exactly one gets it. */
    public static void takingAFreeLock_hasExactlyOneWinner(ObjectStore store, int threads) throws Exception {
        VersionStore versions = at(store, T0, LockOwner.REMOTE);

        List<String> winners = race(threads, i -> versions.lock(GROUP, ORG, "run-" + i), i -> "run-" + i);

        assertThat(winners).hasSize(1);
    }

    /** A run whose expired lock was taken over can neither renew (so Merge refuses to publish) nor release it. */
    public static void aRunThatLostItsLock_isRefused_andCannotReleaseTheNewOne(ObjectStore store) {
        at(store, T0, LockOwner.REMOTE).lock(GROUP, ORG, "slow-run");
        VersionStore later = at(store, T0.plus(Duration.ofHours(4)), LockOwner.REMOTE);
        later.lock(GROUP, ORG, "new-run");

        assertThatThrownBy(() -> later.renewLock(GROUP, ORG, "slow-run"))
                .isInstanceOf(ConflictException.class)
                .hasMessage("Cannot complete run slow-run of group 'customer' for org 'acme': it no longer holds the run lock"
                        + " (run new-run took it over; start a new run)");
        later.unlock(GROUP, ORG, "slow-run");
        assertThat(later.holdsLock(GROUP, ORG, "new-run")).isTrue();
    }

    /** Release racing a takeover: the releasing run never deletes the lock another run just took. */
    public static void releaseRacingATakeover_neverDeletesTheNewHoldersLock(ObjectStore store, int rounds) throws Exception {
        for (int round = 0; round < rounds; round++) {
            store.delete(Layout.lock(GROUP, ORG));
            at(store, T0, LockOwner.REMOTE).lock(GROUP, ORG, "old-" + round);
            VersionStore later = at(store, T0.plus(Duration.ofHours(4)), LockOwner.REMOTE);
            String old = "old-" + round;
            String taker = "taker-" + round;
            List<String> took = race(2, i -> {
                if (i == 0) {
                    later.unlock(GROUP, ORG, old);
                    throw new ConflictException("released, did not take");
                }
                later.lock(GROUP, ORG, taker);
            }, i -> taker);
            // whatever the order, the taker holds the lock when it says it took it
            if (!took.isEmpty()) {
                assertThat(later.holdsLock(GROUP, ORG, taker)).as("round %d", round).isTrue();
            }
        }
    }

    /** A renewal extends the lock from now, keeping the run and when it was taken. */
    public static void renew_extendsTheLockOfItsHolder(ObjectStore store) {
        at(store, T0, LockOwner.REMOTE).lock(GROUP, ORG, "run-1");
        VersionStore later = at(store, T0.plus(Duration.ofHours(2)), LockOwner.REMOTE);

        later.renewLock(GROUP, ORG, "run-1");

        VersionStore.LockHolder holder = later.lockHolder(GROUP, ORG).orElseThrow();
        assertThat(holder.takenAt()).isEqualTo(T0);
        assertThat(holder.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(new String(store.get(Layout.lock(GROUP, ORG)).orElseThrow(), StandardCharsets.UTF_8)).startsWith("run-1\n");
    }

    interface Attempt {
        void run(int i) throws Exception;
    }

    /** Starts all attempts at once; returns the names of those that did not throw a ConflictException. */
    private static List<String> race(int threads, Attempt attempt, java.util.function.IntFunction<String> name) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<String> winners = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        attempt.run(n);
                        winners.add(name.apply(n));
                    } catch (ConflictException lost) {
                        // lost the race, as all but one must
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return winners;
    }
}
