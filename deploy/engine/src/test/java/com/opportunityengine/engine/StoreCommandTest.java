package com.opportunityengine.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code store} verb's arguments: {@code --journal} takes true or false, anything else is a usage error. */
class StoreCommandTest {

    @Test
    void aJournalValueOtherThanTrueOrFalseIsAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StoreCommand.run(
                new String[] {"--journal=maybe"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--journal takes true or false"), err::toString);
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingJournal() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StoreCommand.run(
                new String[] {"--journaled=true"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("[--journal=true|false]"), err::toString);
    }
}
