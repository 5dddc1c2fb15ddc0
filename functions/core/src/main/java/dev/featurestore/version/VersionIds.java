package dev.featurestore.version;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Version and run ids: {@code 20261124T031500Z-3f9a}, sortable by time (the suffix breaks ties between runs
 * in the same second). Clock and randomness are injected so tests are deterministic.
 */
public final class VersionIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{4,}");

    private final Clock clock;
    private final Supplier<byte[]> random;

    public VersionIds(Clock clock, Supplier<byte[]> random) {
        this.clock = clock;
        this.random = random;
    }

    public static VersionIds systemDefault() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        return new VersionIds(Clock.systemUTC(), () -> {
            byte[] b = new byte[2];
            r.nextBytes(b);
            return b;
        });
    }

    /** Deterministic ids for tests. */
    public static VersionIds seeded(Clock clock, long seed) {
        Random r = new Random(seed);
        return new VersionIds(clock, () -> {
            byte[] b = new byte[2];
            r.nextBytes(b);
            return b;
        });
    }

    public String next() {
        return FORMAT.format(clock.instant()) + "-" + HexFormat.of().formatHex(random.get());
    }

    public Clock clock() {
        return clock;
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The instant encoded in an id (second precision). */
    public static Instant instantOf(String id) {
        return FORMAT.parse(id.substring(0, 16), Instant::from);
    }
}
