package dev.featurestore.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.featurestore.testing.InMemoryObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageLogTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final Clock now = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private final UsageLog log = UsageLog.create(store, now);

    @Test
    void read_returnsTheReadsOfTheGroupInThePeriod_oldestFirst() {
        log.record(usage("customer", "2026-11-29T08:00:00Z", "churn-model"));
        log.record(usage("customer", "2026-11-01T08:00:00Z", "old-model"));
        log.record(usage("orders", "2026-11-30T08:00:00Z", "ltv"));
        log.record(usage("customer", "2026-11-30T09:00:00Z", ""));

        List<UsageRecord> read = log.read("customer", 7);

        assertThat(read).extracting(UsageRecord::at).containsExactly("2026-11-29T08:00:00Z", "2026-11-30T09:00:00Z");
        assertThat(read.get(0).fields()).containsExactly("distance", "gender");
        assertThat(read.get(1).reader()).isEqualTo("local");
    }

    @Test
    void record_keepsEveryConcurrentRead_oneObjectEach() throws Exception {
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    log.record("customer", "acme", List.of("age"), Optional.of("m"), "local", 1);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(log.read("customer", 1)).hasSize(400);
    }

    @Test
    void record_whenTheStoreFails_doesNotFailTheRead() {
        store.failWhen(op -> op.contains("usage/"));

        assertThatCode(() -> log.record(usage("customer", "2026-11-30T08:00:00Z", "m"))).doesNotThrowAnyException();
    }

    @Test
    void read_skipsAnUnreadableLine_andKeepsTheOthers() {
        log.record(usage("customer", "2026-11-30T08:00:00Z", "m"));
        store.put("usage/group=customer/date=2026-11-30/0000000000000-garbage.json", "{not json".getBytes());

        assertThat(log.read("customer", 1)).hasSize(1);
    }

    private static UsageRecord usage(String group, String at, String consumer) {
        return new UsageRecord(group, "acme", List.of("distance", "gender"), consumer, "local", at, 10);
    }
}
