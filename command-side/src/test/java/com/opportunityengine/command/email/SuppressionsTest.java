package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The suppression list's rules: the first reason stays; soft bounces suppress when repeated over more than a week. */
class SuppressionsTest {

    private static final EmbeddedMongo MONGO = new EmbeddedMongo();
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private final Suppressions suppressions = new Suppressions(MONGO.database("suppressions-" + UUID.randomUUID()));

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @Test
    void theFirstReasonStays() {
        String address = Addresses.reference("a@tea.example");
        suppressions.suppress(address, Suppressions.UNSUBSCRIBED, T0, "e1");
        suppressions.suppress(address, Suppressions.HARD_BOUNCE, T0.plusSeconds(60), "e2");
        Suppression kept = suppressions.find(address).orElseThrow();
        assertThat(kept.reason()).isEqualTo(Suppressions.UNSUBSCRIBED);
        assertThat(kept.since()).isEqualTo(T0);
        assertThat(kept.emailId()).isEqualTo("e1");
    }

    @Test
    void fiveSoftBouncesWithinAWeekDoNotSuppressButOverMoreThanAWeekTheyDo() {
        String fast = Addresses.reference("fast@tea.example");
        for (int i = 0; i < 6; i++) {
            assertThat(suppressions.softBounce(fast, T0.plus(Duration.ofDays(i)), "f" + i))
                    .isFalse();
        }
        String slow = Addresses.reference("slow@tea.example");
        for (int i = 0; i < 4; i++) {
            assertThat(suppressions.softBounce(slow, T0.plus(Duration.ofDays(3L * i)), "s" + i))
                    .isFalse();
        }
        assertThat(suppressions.softBounce(slow, T0.plus(Duration.ofDays(12)), "s9"))
                .isTrue();
        assertThat(suppressions.find(slow).orElseThrow().reason()).isEqualTo(Suppressions.SOFT_BOUNCES);
    }

    @Test
    void theSameEmailsSoftBounceCountsOnce() {
        String address = Addresses.reference("twice@tea.example");
        for (int i = 0; i < 6; i++) {
            assertThat(suppressions.softBounce(address, T0.plus(Duration.ofDays(3L * i)), "same"))
                    .isFalse();
        }
    }

    @Test
    void softBouncesOlderThanThirteenWeeksDoNotCount() {
        String address = Addresses.reference("old@tea.example");
        for (int i = 0; i < 4; i++) {
            suppressions.softBounce(address, T0.plus(Duration.ofDays(i * 3L)), "o" + i);
        }
        assertThat(suppressions.softBounce(address, T0.plus(Duration.ofDays(7 * 14)), "o9"))
                .isFalse();
    }
}
