package com.opportunityengine.command.email;

import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.RequestEmail;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStep;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sequences' due steps, on every command node: claims a due step of the {@link SequenceSchedule} with a
 * lease and sends it as {@link RequestEmail} on the opportunity, naming the step ({@link SequenceStep}), so that the
 * opportunity derives the email id from (opportunity, enrolment, step) and refuses the step unless its enrolment is
 * still active. A step sent twice (a lease that ran out mid-command, a node that stopped after the command) asks for
 * the same email id and is refused as ALREADY_EXISTS: the email path's never-twice guarantees hold from there on.
 */
public class SequenceSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceSteps.class);
    private static final int BATCH = 50;

    private final SequenceSchedule schedule;
    private final Consumer<Object> commands;
    private final Clock clock;
    private final String node;
    private final Duration lease;

    public SequenceSteps(
            SequenceSchedule schedule, Consumer<Object> commands, Clock clock, String node, Duration lease) {
        this.schedule = schedule;
        this.commands = commands;
        this.clock = clock;
        this.node = node;
        this.lease = lease;
    }

    /** Sends what is due now; answers how many steps it handled. */
    public int runOnce() {
        int handled = 0;
        while (handled < BATCH) {
            Optional<SequenceSchedule.Step> claimed = schedule.claimDue(node, clock.instant(), lease);
            if (claimed.isEmpty()) {
                break;
            }
            send(claimed.get());
            handled++;
        }
        return handled;
    }

    private void send(SequenceSchedule.Step step) {
        SequenceStep ref = new SequenceStep(
                SequenceId.of(step.sequenceId()), step.sequenceVersion(), step.enrolment(), step.step());
        try {
            commands.accept(new RequestEmail(
                    OpportunityId.of(step.opportunityId()),
                    null,
                    step.templateId(),
                    step.templateVersion(),
                    null,
                    null,
                    null,
                    null,
                    ref));
            schedule.finish(step.emailId(), node, SequenceSchedule.DONE, null);
        } catch (RuntimeException e) {
            Optional<BusinessError> refusal = refusal(e);
            if (refusal.isEmpty()) {
                // not the opportunity's answer (a timeout, the store): the lease runs out and a round tries again
                LOG.warn("sequence step {} of {} not sent yet", step.step(), step.opportunityId(), e);
                return;
            }
            ErrorCode code = refusal.get().code();
            String status = switch (code) {
                case ALREADY_EXISTS -> SequenceSchedule.DONE;
                case SEQUENCE_NOT_ACTIVE, OPPORTUNITY_CLOSED, OPPORTUNITY_NOT_FOUND -> SequenceSchedule.CANCELLED;
                default -> SequenceSchedule.FAILED;
            };
            if (status.equals(SequenceSchedule.FAILED)) {
                LOG.warn("sequence step {} of {} refused: {}", step.step(), step.opportunityId(), refusal.get());
            }
            schedule.finish(
                    step.emailId(),
                    node,
                    status,
                    status.equals(SequenceSchedule.DONE)
                            ? null
                            : code + ": " + refusal.get().message());
        }
    }

    /** The opportunity's refusal, however the command bus carried it, or empty for any other failure. */
    private static Optional<BusinessError> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BusinessRuleException rule) {
                return Optional.of(new BusinessError(rule.code(), rule.getMessage()));
            }
            if (t instanceof CommandExecutionException execution) {
                Optional<BusinessError> details = execution
                        .getDetails()
                        .filter(BusinessError.class::isInstance)
                        .map(BusinessError.class::cast);
                if (details.isPresent()) {
                    return details;
                }
            }
        }
        return Optional.empty();
    }
}
