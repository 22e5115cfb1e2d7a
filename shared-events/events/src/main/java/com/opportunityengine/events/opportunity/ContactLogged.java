package com.opportunityengine.events.opportunity;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A contact with the customer took place.
 *
 * <p>Revision 2 added {@code durationMinutes} (how long the contact lasted; null when not
 * recorded). Revision-1 events are upcast to revision 2 with a null duration.
 */
@Revision("2")
public record ContactLogged(
        OpportunityId opportunityId,
        ContactId contactId,
        ContactChannel channel,
        ContactDirection direction,
        String summary,
        List<String> participants,
        String outcome,
        Instant occurredAt,
        Integer durationMinutes)
        implements OpportunityEvent {

    /** A contact whose duration was not recorded (the shape of revision 1). */
    public ContactLogged(
            OpportunityId opportunityId,
            ContactId contactId,
            ContactChannel channel,
            ContactDirection direction,
            String summary,
            List<String> participants,
            String outcome,
            Instant occurredAt) {
        this(opportunityId, contactId, channel, direction, summary, participants, outcome, occurredAt, null);
    }
}
