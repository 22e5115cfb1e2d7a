package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The standalone engine's side of a store failure: the application context is closed and the process exits with
 * status 75 for its supervisor to restart it; nothing happens while the store is healthy.
 */
class StoreFailureExitTest {

    @TempDir
    Path data;

    @Test
    void aFailedStoreClosesTheApplicationAndExitsWith75() throws Exception {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(data, 0, 16, 0);
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean("store", EmbeddedMongoServer.class, () -> server);
        context.refresh();
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        CompletableFuture<Integer> halted = new CompletableFuture<>();
        new StoreFailureExit(context, exited::complete, halted::complete).watch(server);

        TimeUnit.MILLISECONDS.sleep(StoreFailureWatch.PERIOD_MILLIS * 3);
        assertThat(exited).as("a healthy store").isNotDone();

        server.journalForTest().closeFileForTest();
        server.mvStoreForTest().closeImmediately();

        assertThat(exited.get(20, TimeUnit.SECONDS)).isEqualTo(StoreFailureExit.EXIT_CODE);
        assertThat(context.isActive()).as("the application was closed first").isFalse();
        assertThat(halted).as("closing took less than the halt's delay").isNotDone();
    }
}
