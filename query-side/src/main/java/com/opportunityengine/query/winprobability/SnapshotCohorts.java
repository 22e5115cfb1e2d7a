package com.opportunityengine.query.winprobability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Holds labelled snapshots back until the cohort they were taken in has (nearly) resolved, so that what the models
 * learn from is not censored by its outcome.
 *
 * <p>Why: an opportunity's snapshots are labelled when it closes, and what closes first is not a fair sample: where
 * wins come quickly and losses late (or the other way round), the outcomes known soon after an instant are mostly
 * wins. A model trained on snapshots as they are labelled learns that bias and carries it into every answer until the
 * slow outcomes arrive. So the snapshots of one tick (a cohort: every opportunity open at that snapshot instant) are
 * released to the models together, once {@link #RESOLVED_SHARE} of that cohort has closed, or once it is
 * {@link #MAX_AGE_TICKS} ticks old (then with what has closed). Cohorts are released in tick order; a snapshot whose
 * cohort was already released (a straggler) is released when it is labelled. All of it is a function of the events
 * seen so far: point in time like everything else.
 */
final class SnapshotCohorts {

    static final double RESOLVED_SHARE = 0.95;
    static final int MAX_AGE_TICKS = 52;

    private static final class Cohort {
        int open;
        int resolved;
        final List<double[]> labelled = new ArrayList<>();
    }

    private final TreeMap<Long, Cohort> waiting = new TreeMap<>();
    private long heldBack;

    /** One opportunity was open at the snapshot tick {@code tick}. */
    void open(long tick) {
        waiting.computeIfAbsent(tick, k -> new Cohort()).open++;
    }

    /**
     * An opportunity open at the ticks {@code firstTick..lastTick} closed, its snapshots labelled: they join their
     * cohorts (or are released at once when the cohort is gone), and the cohorts now resolved are released.
     */
    void closed(long firstTick, long lastTick, Collection<double[]> snapshots, Consumer<List<double[]>> release) {
        for (Map.Entry<Long, Cohort> e :
                waiting.subMap(firstTick, true, lastTick, true).entrySet()) {
            e.getValue().resolved++;
        }
        List<double[]> stragglers = new ArrayList<>();
        for (double[] x : snapshots) {
            Cohort c = waiting.get((long) x[PipelineStatistics.TICK]);
            if (c == null) {
                stragglers.add(x);
            } else {
                c.labelled.add(x);
                heldBack++;
            }
        }
        if (!stragglers.isEmpty()) {
            release.accept(stragglers);
        }
        releaseDue(Long.MIN_VALUE, release);
    }

    /** Releases, oldest first, every cohort that has resolved or is {@link #MAX_AGE_TICKS} old at {@code now}. */
    void releaseDue(long now, Consumer<List<double[]>> release) {
        while (!waiting.isEmpty()) {
            Map.Entry<Long, Cohort> first = waiting.firstEntry();
            Cohort c = first.getValue();
            boolean resolved = c.resolved >= RESOLVED_SHARE * c.open;
            boolean old = now != Long.MIN_VALUE && now - first.getKey() >= MAX_AGE_TICKS;
            if (!resolved && !old) {
                return;
            }
            waiting.pollFirstEntry();
            heldBack -= c.labelled.size();
            if (!c.labelled.isEmpty()) {
                release.accept(c.labelled);
            }
        }
    }

    /** Labelled snapshots waiting for their cohort. */
    long heldBack() {
        return heldBack;
    }
}
