package com.opportunityengine.store.embedded;

import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone engine's answer to its embedded store failing ({@link EmbeddedMongoServer#onFailure}): the
 * application is closed (requests in flight end, projections stop) and the JVM exits with {@value #EXIT_CODE}
 * ({@code EX_TEMPFAIL}), so that its supervisor (systemd's {@code Restart=on-failure}, Kubernetes, a compose
 * {@code restart:} policy) starts it again. A start replays the write-ahead journal: the engine comes back with exactly
 * what was acknowledged, and its projections go on from their tokens. While the disk is still full the start fails
 * and the supervisor tries again; nothing is answered from a store whose memory and files disagree. If closing takes
 * longer than {@value #HALT_AFTER_SECONDS} s the JVM is halted with the same code.
 */
final class StoreFailureExit {

    /** {@code EX_TEMPFAIL} of sysexits.h: a temporary failure, try again. */
    static final int EXIT_CODE = 75;

    static final long HALT_AFTER_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(StoreFailureExit.class);

    private final ConfigurableApplicationContext context;
    private final IntConsumer exit;
    private final IntConsumer halt;

    StoreFailureExit(ConfigurableApplicationContext context, IntConsumer exit, IntConsumer halt) {
        this.context = context;
        this.exit = exit;
        this.halt = halt;
    }

    /** Exits the real JVM. */
    static StoreFailureExit ofJvm(ConfigurableApplicationContext context) {
        return new StoreFailureExit(context, System::exit, Runtime.getRuntime()::halt);
    }

    void watch(EmbeddedMongoServer server) {
        server.onFailure(this::exit);
    }

    private void exit(String reason) {
        log.error(
                "The embedded store failed ({}): closing the engine, exit status {} for its supervisor to restart it",
                reason,
                EXIT_CODE);
        Thread halting = new Thread(
                () -> {
                    try {
                        TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
                        log.error("The engine did not close within {} s: halting", HALT_AFTER_SECONDS);
                        halt.accept(EXIT_CODE);
                    } catch (InterruptedException closedInTime) {
                        Thread.currentThread().interrupt();
                    }
                },
                "embedded-store-failure-halt");
        halting.setDaemon(true);
        halting.start();
        // not on the store's watch thread: closing the context closes the store, which stops that thread's executor
        Thread closing = new Thread(
                () -> {
                    int code = SpringApplication.exit(context, () -> EXIT_CODE);
                    halting.interrupt();
                    exit.accept(code);
                },
                "embedded-store-failure-exit");
        closing.start();
    }
}
