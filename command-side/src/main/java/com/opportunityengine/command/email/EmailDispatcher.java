package com.opportunityengine.command.email;

import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.EmailRetried;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * The dispatcher's event handler (processing group {@value #GROUP}, one tracking processor, never on a replay):
 * each requested or retried email, once its event is in the log, goes into the {@link DeliveryQueue}, due at its
 * {@code sendAt} or at once. It sends nothing itself; {@link EmailDelivery} does, after claiming the attempt in the
 * {@link DeliveryLedger}. So a replay the annotation did not stop, a token another node took over or a second node
 * that handles the same event puts the same entry again, which is ignored, or finds the claim taken.
 */
@ProcessingGroup(EmailDispatcher.GROUP)
@DisallowReplay
public class EmailDispatcher {

    public static final String GROUP = "email-dispatch";

    private final DeliveryQueue queue;
    private final Clock clock;
    private final Runnable wakeUp;

    public EmailDispatcher(DeliveryQueue queue, Clock clock, Runnable wakeUp) {
        this.queue = queue;
        this.clock = clock;
        this.wakeUp = wakeUp;
    }

    @EventHandler
    void on(EmailRequested event) {
        Instant now = clock.instant();
        Instant due = event.sendAt() != null && event.sendAt().isAfter(now) ? event.sendAt() : now;
        queue.put(new DeliveryQueue.Entry(
                event.emailId().toString(), 0, event.opportunityId().toString(), due));
        wakeUp.run();
    }

    @EventHandler
    void on(EmailRetried event) {
        queue.put(new DeliveryQueue.Entry(
                event.emailId().toString(),
                event.attempt(),
                event.opportunityId().toString(),
                clock.instant()));
        wakeUp.run();
    }
}
