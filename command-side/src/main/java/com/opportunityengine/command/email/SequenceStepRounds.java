package com.opportunityengine.command.email;

import java.time.Duration;

/**
 * Runs {@link SequenceSteps} on a daemon thread of its own: at start, then every {@code engine.email.poll-interval},
 * and at once when the schedule's handler put a step in.
 */
final class SequenceStepRounds extends PollingRounds {

    SequenceStepRounds(SequenceSteps steps, Duration interval) {
        super("email-sequence-steps", "a sequence step round", steps::runOnce, interval);
    }
}
