package com.opportunityengine.command.common;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The fixed "now" of the aggregate tests. */
public final class TestTime {

    public static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestTime() {}
}
