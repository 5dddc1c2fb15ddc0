package dev.featurestore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestTiersTest {
    @Test
    void skips_areAllowedOnlyWhenTheCallerSaysSo_notByCi() {
        assertThat(TestTiers.skipsAllowed(Map.of(), null)).isFalse();
        assertThat(TestTiers.skipsAllowed(Map.of("CI", "false"), null)).isFalse();
        assertThat(TestTiers.skipsAllowed(Map.of("CI", "true"), null)).isFalse();
        assertThat(TestTiers.skipsAllowed(Map.of(TestTiers.ALLOW_SKIPS, "0"), null)).isFalse();
        assertThat(TestTiers.skipsAllowed(Map.of(TestTiers.ALLOW_SKIPS, "1"), null)).isTrue();
        assertThat(TestTiers.skipsAllowed(Map.of(TestTiers.ALLOW_SKIPS, "true"), null)).isTrue();
        assertThat(TestTiers.skipsAllowed(Map.of(), "true")).isTrue();
    }

    @Test
    void mustRun_saysHowToAllowSkips() {
        assertThat(TestTiers.mustRun("No AWS emulator: moto_server not found"))
                .isEqualTo("No AWS emulator: moto_server not found (this test tier must run; install what it needs, or set"
                        + " FEATURESTORE_ALLOW_SKIPS=1 to let tiers that cannot run skip)");
    }
}
