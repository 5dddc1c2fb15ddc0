package dev.featurestore.discovery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurestore.storage.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage lines as small JSON objects under {@code usage/group=G/date=YYYY-MM-DD/} in the object store: the
 * lake locally, the data bucket on AWS (where Athena can read the prefix as a table too). One object per
 * read, so concurrent readers never contend; a day's prefix is listed when a report asks for that day.
 * Recording never fails a read: a store error is logged and the read's answer stands.
 */
public final class UsageLog {
    static final String PREFIX = "usage/";
    private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ObjectStore store;
    private final Clock clock;

    private UsageLog(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public static UsageLog create(ObjectStore store, Clock clock) {
        return new UsageLog(store, clock);
    }

    public Clock clock() {
        return clock;
    }

    /** Records one read; logs (never throws) when the store refuses. */
    public void record(UsageRecord usage) {
        Instant at = Instant.parse(usage.at());
        String key = dayPrefix(usage.group(), at.atZone(ZoneOffset.UTC).toLocalDate())
                + String.format("%013d-%08x.json", at.toEpochMilli(), ThreadLocalRandom.current().nextInt());
        try {
            store.put(key, JSON.writeValueAsBytes(usage));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot record usage of group '{}' by '{}' ({}); the read itself succeeded", usage.group(),
                    usage.reader(), e.toString());
        }
    }

    /** A read of {@code fields} now, by {@code consumer} (may be empty) and {@code caller}. */
    public void record(String group, String org, List<String> fields, Optional<String> consumer, String caller, long rows) {
        record(new UsageRecord(group, org, fields, consumer.orElse(""), caller, clock.instant().toString(), rows));
    }

    /** The reads of a group in the last {@code days} days (today included), oldest first. */
    public List<UsageRecord> read(String group, int days) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        Instant since = clock.instant().minusSeconds(86_400L * days);
        List<UsageRecord> out = new ArrayList<>();
        for (int d = days; d >= 0; d--) {
            for (String key : store.list(dayPrefix(group, today.minusDays(d)))) {
                Optional<byte[]> bytes = store.get(key);
                if (bytes.isEmpty()) {
                    continue; // removed by retention between list and get
                }
                try {
                    UsageRecord r = JSON.readValue(bytes.get(), UsageRecord.class);
                    if (!Instant.parse(r.at()).isBefore(since)) {
                        out.add(r);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Skipping unreadable usage line {} ({})", key, e.toString());
                }
            }
        }
        return out;
    }

    static String dayPrefix(String group, LocalDate day) {
        return PREFIX + "group=" + group + "/date=" + day + "/";
    }
}
