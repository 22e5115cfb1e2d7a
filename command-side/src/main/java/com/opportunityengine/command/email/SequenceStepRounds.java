package com.opportunityengine.command.email;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link SequenceSteps} on a daemon thread of its own: at start, then every {@code engine.email.poll-interval},
 * and at once when the schedule's handler put a step in.
 */
class SequenceStepRounds implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceStepRounds.class);

    private final SequenceSteps steps;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    SequenceStepRounds(SequenceSteps steps, Duration interval) {
        this.steps = steps;
        this.interval = interval;
    }

    /** Asks for a round now (a no-op while stopped). */
    void wakeUp() {
        ScheduledExecutorService running = scheduler;
        if (running != null && !running.isShutdown()) {
            running.execute(this::round);
        }
    }

    private void round() {
        try {
            steps.runOnce();
        } catch (RuntimeException e) {
            LOG.warn("a sequence step round failed; the next one tries again", e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "email-sequence-steps");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Late: after Axon's processors and the web server are up. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
