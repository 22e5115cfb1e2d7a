package com.opportunityengine.command.email;

import java.time.Duration;

/**
 * Runs {@link EmailDelivery} on a daemon thread of its own: once at start (which marks this node's unconfirmed
 * claims UNKNOWN), then every {@code engine.email.poll-interval}, and at once when the dispatcher queued something.
 */
final class DeliveryRounds extends PollingRounds {

    DeliveryRounds(EmailDelivery delivery, Duration interval) {
        super("email-delivery", "an email delivery round", delivery::runOnce, interval);
    }
}
