package dev.featurestore.features.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CustomerFeaturesTest {

    @Test
    void haversine_berlinToParis_isAbout878Km() {
        assertThat(CustomerProfile.haversineKm(52.52, 13.405, 48.8566, 2.3522)).isCloseTo(877.5, within(1.0));
    }

    @Test
    void haversine_samePoint_isZero() {
        assertThat(CustomerProfile.haversineKm(50.11, 8.68, 50.11, 8.68)).isZero();
    }

    @Test
    void age_countsWholeYears_turningOnTheBirthday() {
        assertThat(CustomerProfile.age(LocalDate.of(1990, 6, 15), LocalDate.of(2026, 6, 14))).isEqualTo(35);
        assertThat(CustomerProfile.age(LocalDate.of(1990, 6, 15), LocalDate.of(2026, 6, 15))).isEqualTo(36);
    }

    @Test
    void age_birthDateInTheFuture_isNull() {
        assertThat(CustomerProfile.age(LocalDate.of(2030, 1, 1), LocalDate.of(2026, 1, 1))).isNull();
    }

    @Test
    void loyaltyTier_byThresholds_inclusive() {
        assertThat(AcmeLoyalty.tier(2500, 2500, 800)).isEqualTo("gold");
        assertThat(AcmeLoyalty.tier(800, 2500, 800)).isEqualTo("silver");
        assertThat(AcmeLoyalty.tier(799.99, 2500, 800)).isEqualTo("bronze");
    }
}
