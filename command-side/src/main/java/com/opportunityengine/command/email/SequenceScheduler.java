package com.opportunityengine.command.email;

import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceStep;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.events.email.SequenceUnenrolled;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule's event handler (processing group {@value #GROUP}, one tracking processor, never on a replay): keeps
 * {@link SequenceSchedule} in step with the log. An enrolment schedules its first step at the enrolment's business
 * time plus the step's delay; a step's email request schedules the next step, its delay counted from that request;
 * an unenrolment or a stop cancels the opportunity's pending steps. The steps come from the sequence version the
 * enrolment pinned. It sends nothing itself ({@link SequenceSteps} does), so a repeat of an event changes nothing.
 */
@ProcessingGroup(SequenceScheduler.GROUP)
@DisallowReplay
public class SequenceScheduler {

    public static final String GROUP = "email-sequence-schedule";

    private static final Logger LOG = LoggerFactory.getLogger(SequenceScheduler.class);

    private final SequenceSchedule schedule;
    private final EmailSequences sequences;
    private final Runnable wakeUp;

    public SequenceScheduler(SequenceSchedule schedule, EmailSequences sequences, Runnable wakeUp) {
        this.schedule = schedule;
        this.sequences = sequences;
        this.wakeUp = wakeUp;
    }

    @EventHandler
    void on(SequenceEnrolled event) {
        if (event.enrolment() == null) {
            return; // recorded before the schedule existed: no steps
        }
        String sequenceId = event.sequenceId().toString();
        Optional<EmailSequence> pinned = event.sequenceVersion() == null
                ? sequences.latest(sequenceId)
                : sequences.find(sequenceId, event.sequenceVersion());
        if (pinned.isEmpty()) {
            LOG.warn(
                    "enrolment of {} in unknown sequence {} v{}",
                    event.opportunityId(),
                    sequenceId,
                    event.sequenceVersion());
            return;
        }
        EmailSequence sequence = pinned.get();
        put(event.opportunityId().toString(), sequence, event.enrolment(), 1, event.occurredAt());
    }

    @EventHandler
    void on(EmailRequested event) {
        SequenceStep step = event.sequenceStep();
        if (step == null) {
            return;
        }
        schedule.requested(event.emailId().toString());
        sequences
                .find(step.sequenceId().toString(), step.sequenceVersion())
                .filter(sequence -> step.step() < sequence.steps().size())
                .ifPresent(sequence -> put(
                        event.opportunityId().toString(),
                        sequence,
                        step.enrolment(),
                        step.step() + 1,
                        event.occurredAt()));
    }

    @EventHandler
    void on(SequenceUnenrolled event) {
        schedule.cancel(event.opportunityId().toString());
    }

    @EventHandler
    void on(SequenceStopped event) {
        schedule.cancel(event.opportunityId().toString());
    }

    /** Schedules step {@code number} (from 1) of the enrolment, its delay counted from {@code after}. */
    private void put(String opportunityId, EmailSequence sequence, int enrolment, int number, Instant after) {
        EmailSequence.Step step = sequence.steps().get(number - 1);
        SequenceStep ref = new SequenceStep(
                com.opportunityengine.events.email.SequenceId.of(sequence.sequenceId()),
                sequence.version(),
                enrolment,
                number);
        schedule.schedule(new SequenceSchedule.Step(
                ref.emailId(com.opportunityengine.events.opportunity.OpportunityId.of(opportunityId))
                        .toString(),
                opportunityId,
                sequence.sequenceId(),
                sequence.version(),
                enrolment,
                number,
                step.templateId(),
                step.templateVersion(),
                after.plus(step.delay()),
                SequenceSchedule.PENDING,
                null));
        wakeUp.run();
    }
}
