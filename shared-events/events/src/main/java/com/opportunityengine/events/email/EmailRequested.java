package com.opportunityengine.events.email;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An email was asked for: which template version, to whom (a reference, not the address: {@code recipient} is
 * {@code sha256:<hex>} of the lower-cased address, which the engine's address book resolves), from whose
 * allowance ({@code senderId}, the owner), the SHA-256 of the rendered message ({@code bodySha256}, over subject,
 * text and html) and when it may leave ({@code sendAt}, null: at once).
 */
@Revision("1")
public record EmailRequested(
        OpportunityId opportunityId,
        EmailId emailId,
        String templateId,
        int templateVersion,
        String recipient,
        RecipientSource recipientSource,
        UserId senderId,
        String bodySha256,
        Instant sendAt,
        Instant occurredAt,
        SequenceStep sequenceStep)
        implements EmailEvent {

    public EmailRequested(
            OpportunityId opportunityId,
            EmailId emailId,
            String templateId,
            int templateVersion,
            String recipient,
            RecipientSource recipientSource,
            UserId senderId,
            String bodySha256,
            Instant sendAt,
            Instant occurredAt) {
        this(
                opportunityId,
                emailId,
                templateId,
                templateVersion,
                recipient,
                recipientSource,
                senderId,
                bodySha256,
                sendAt,
                occurredAt,
                null);
    }
}
