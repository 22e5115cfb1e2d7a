package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule's lease on the store: one node at a time holds a due step; a step put twice is one step. */
class SequenceScheduleTest {

    private static final EmbeddedMongo MONGO = new EmbeddedMongo();
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    private SequenceSchedule schedule;

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @BeforeEach
    void setUp() {
        schedule = new SequenceSchedule(MONGO.database("schedule-" + UUID.randomUUID()));
    }

    private static SequenceSchedule.Step step(String emailId, String opportunityId, Instant dueAt) {
        return new SequenceSchedule.Step(
                emailId, opportunityId, "s", 1, 1, 1, "t", 1, dueAt, SequenceSchedule.PENDING, null);
    }

    @Test
    void aDueStepIsLeasedToOneNodeUntilItsLeaseRunsOut() {
        schedule.schedule(step("e1", "o1", T0));
        schedule.schedule(step("e1", "o1", T0.plusSeconds(60))); // a repeat of its event: ignored

        assertThat(schedule.claimDue("node-a", T0.minusSeconds(1), LEASE)).isEmpty(); // not due yet
        assertThat(schedule.claimDue("node-a", T0, LEASE))
                .map(SequenceSchedule.Step::emailId)
                .contains("e1");
        assertThat(schedule.claimDue("node-b", T0.plusSeconds(1), LEASE)).isEmpty();
        // node-a stopped without finishing: the lease runs out, node-b takes it over
        assertThat(schedule.claimDue("node-b", T0.plus(LEASE), LEASE)).isPresent();
        // node-a's late outcome is not written over node-b's lease
        schedule.finish("e1", "node-a", SequenceSchedule.DONE, null);
        assertThat(schedule.find("e1").orElseThrow().status()).isEqualTo(SequenceSchedule.PENDING);
        schedule.finish("e1", "node-b", SequenceSchedule.DONE, null);
        assertThat(schedule.find("e1").orElseThrow().status()).isEqualTo(SequenceSchedule.DONE);
        assertThat(schedule.claimDue("node-a", T0.plus(LEASE.multipliedBy(3)), LEASE))
                .isEmpty();
        schedule.requested("e1");
        assertThat(schedule.find("e1").orElseThrow().status()).isEqualTo(SequenceSchedule.REQUESTED);
    }

    @Test
    void aStopCancelsOnlyTheOpportunitysPendingSteps() {
        schedule.schedule(step("e1", "o1", T0));
        schedule.schedule(step("e2", "o2", T0));
        assertThat(schedule.cancel("o1")).isEqualTo(1);
        assertThat(schedule.find("e1").orElseThrow().status()).isEqualTo(SequenceSchedule.CANCELLED);
        assertThat(schedule.claimDue("node-a", T0, LEASE))
                .map(SequenceSchedule.Step::emailId)
                .contains("e2");
    }
}
