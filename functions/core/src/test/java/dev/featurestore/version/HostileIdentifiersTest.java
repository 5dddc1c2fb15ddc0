package dev.featurestore.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.drift.DriftService;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.UsageException;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.testing.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Identifiers and instants a caller can pass to the core, checked before any lookup: exit 2 / HTTP 400, not 1 / 500. */
class HostileIdentifiersTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final VersionStore versions = VersionStore.create(store);

    @Test
    void asOf_farInTheFuture_isAUsageError_notALongOverflow() {
        Instant far = Instant.MAX;
        assertThatThrownBy(() -> versions.asOf("customer", "acme", far))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot read as of +1000000000-12-31T23:59:59.999999999Z: outside the years 0001 to 9999"
                        + " (give an ISO-8601 instant such as 2026-11-24T00:00:00Z)");
        assertThatThrownBy(() -> versions.asOf("customer", "acme", Instant.parse("-0001-01-01T00:00:00Z")))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void asOf_year9999_isAValidInstant_readingTheLastPublishedVersion() {
        store.put(Layout.historyPrefix("customer", "acme") + String.format("%015d", 1_700_000_000_000L) + "-20231114T221320Z-aaaa.json",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(versions.asOf("customer", "acme", Instant.parse("9999-12-31T23:59:59Z"))).isEqualTo("20231114T221320Z-aaaa");
        assertThatThrownBy(() -> versions.asOf("customer", "acme", Instant.parse("0001-01-01T00:00:00Z")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void layout_keySegmentOutsideTheRule_isAUsageError_withTheValueEscaped() {
        assertThatThrownBy(() -> Layout.version("customer", "acme", "../x\u0000"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot use '../x\\u0000' in an object key (letters, digits, _ . - only)");
    }

    @Test
    void featureQuery_checksGroupOrgAndVersion() {
        assertThatThrownBy(() -> FeatureQuery.builder("..%2F..%2Fx", "acme").build())
                .hasMessage("Cannot read features: group '..%2F..%2Fx' is not a valid name"
                        + " (lowercase letters, digits and _, starting with a letter, at most 63)");
        assertThatThrownBy(() -> FeatureQuery.builder("customer", "../x").build())
                .hasMessage("Cannot read features: org '../x' is not a valid name"
                        + " (lowercase letters, digits, _ and -, starting with a letter or digit, at most 63)");
        assertThatThrownBy(() -> FeatureQuery.builder("customer", "acme").version("a=b").build())
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot read features: version 'a=b' is not a valid name (a version id like 20261124T031500Z-3f9a)");
    }

    @Test
    void drift_fromAndToOutsideTheRule_areUsageErrors() {
        DriftService drift = DriftService.create(versions);
        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.of(".."), Optional.empty(), DriftSettings.DEFAULT))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot compare drift: version '..' is not a valid name (a version id like 20261124T031500Z-3f9a)");
        assertThatThrownBy(() -> drift.compare("customer", "acme", Optional.empty(), Optional.of("a=b"), DriftSettings.DEFAULT))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot compare drift: version 'a=b' is not a valid name (a version id like 20261124T031500Z-3f9a)");
    }
}
