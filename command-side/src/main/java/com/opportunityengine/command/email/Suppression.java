package com.opportunityengine.command.email;

import java.time.Instant;

/** Why and since when an address gets no more email. */
public record Suppression(String reference, String reason, Instant since, String emailId) {}
