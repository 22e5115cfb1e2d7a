package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A document was linked. */
@Revision("1")
public record DocumentLinked(
        OpportunityId opportunityId,
        DocumentId documentId,
        String name,
        String uri,
        String mediaType,
        Instant occurredAt)
        implements OpportunityEvent {}
