package com.opportunityengine.command.email;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a round of work on a daemon thread of its own: at start, then every {@code interval}, and at once when asked
 * ({@link #wakeUp()}); a round that fails is logged and the next one tries again. The email path's pollers
 * ({@link DeliveryRounds}, {@link SequenceStepRounds}) are its two kinds.
 */
abstract class PollingRounds implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PollingRounds.class);

    private final String threadName;
    private final String what;
    private final Runnable work;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    /** {@code what}: the round as the log names it ("an email delivery round"). */
    PollingRounds(String threadName, String what, Runnable work, Duration interval) {
        this.threadName = threadName;
        this.what = what;
        this.work = work;
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
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed; the next one tries again", what, e);
        }
    }

    @Override
    public final synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public final synchronized void stop() {
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
