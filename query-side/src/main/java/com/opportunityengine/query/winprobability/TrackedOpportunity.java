package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * What the learner remembers of one opportunity: enough to compute its features at any later instant and to credit
 * the stages it visited when it closes. Won opportunities are forgotten (they cannot reopen); lost ones shrink to
 * their visited stages and static fields, because a reopen must revert their outcome.
 */
final class TrackedOpportunity {

    static final int MAX_CONTACTS = 64;
    static final int MAX_PENDING_SNAPSHOTS = 12;
    static final int MAX_FORECASTS = 8;
    private static final Duration ACTIVITY_WINDOW = Duration.ofDays(30);

    final OpportunityId id;
    final PipelineStatistics pipeline;
    StageCode stage;
    int stageOrder;
    /** Bit i set when the opportunity was actually at the stage of order i (1-based; orders above 63 share bit 63). */
    long visited;

    Instant stageEnteredAt;
    int backwardMoves;
    int closeDatePushes;
    LocalDate expectedCloseDate;
    String currency;
    double logAmount = Double.NaN;
    String source;
    boolean lost;
    /** The competing-risks state at the last snapshot tick (or at creation/reopening); -1 before. */
    int hazardState = -1;

    ArrayDeque<Instant> contacts = new ArrayDeque<>();
    /** The probabilities a person set (a whole percent) and when, oldest first; the last {@value #MAX_FORECASTS}. */
    ArrayDeque<PersonProbability> forecasts = new ArrayDeque<>();
    /** Feature vectors taken at snapshot ticks, waiting for the outcome that labels them. */
    ArrayDeque<double[]> pending = new ArrayDeque<>();

    TrackedOpportunity(OpportunityId id, PipelineStatistics pipeline) {
        this.id = id;
        this.pipeline = pipeline;
    }

    static long bit(int order) {
        return 1L << Math.min(63, Math.max(0, order));
    }

    boolean hasVisited(int order) {
        return (visited & bit(order)) != 0;
    }

    void contactAt(Instant at) {
        contacts.addLast(at);
        while (contacts.size() > MAX_CONTACTS) {
            contacts.removeFirst();
        }
    }

    int contactsWithin30DaysBefore(Instant at) {
        Instant from = at.minus(ACTIVITY_WINDOW);
        int n = 0;
        for (Iterator<Instant> it = contacts.descendingIterator(); it.hasNext(); ) {
            Instant c = it.next();
            if (!c.isAfter(at) && c.isAfter(from)) {
                n++;
            }
        }
        return n;
    }

    void forecastAt(int percent, Instant at) {
        forecasts.addLast(new PersonProbability(percent, at));
        while (forecasts.size() > MAX_FORECASTS) {
            forecasts.removeFirst();
        }
    }

    /** The probability a person had last set by {@code at} (0..1), or NaN when none had been set by then. */
    double personProbabilityAt(Instant at) {
        for (Iterator<PersonProbability> it = forecasts.descendingIterator(); it.hasNext(); ) {
            PersonProbability f = it.next();
            if (!f.at().isAfter(at)) {
                return f.percent() / 100.0;
            }
        }
        return Double.NaN;
    }

    void remember(double[] snapshot) {
        pending.addLast(snapshot);
        while (pending.size() > MAX_PENDING_SNAPSHOTS) {
            pending.removeFirst();
        }
    }

    /** Drops what only an open opportunity needs. */
    void shrinkAfterLoss() {
        lost = true;
        contacts = new ArrayDeque<>(0);
        pending = new ArrayDeque<>(0);
        forecasts = new ArrayDeque<>(0);
    }

    /** A probability a person set, a whole percent, known from {@code at} on. */
    record PersonProbability(int percent, Instant at) {}
}
