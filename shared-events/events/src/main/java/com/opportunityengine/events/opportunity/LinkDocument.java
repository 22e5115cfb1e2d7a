package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Links a document (proposal, quote, contract) to an opportunity. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record LinkDocument(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        DocumentId documentId,
        String name,
        String uri,
        String mediaType,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
