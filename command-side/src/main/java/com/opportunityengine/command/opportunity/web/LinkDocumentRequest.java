package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.command.web.HttpUrl;
import com.opportunityengine.events.opportunity.DocumentId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/opportunities/{id}/documents}. */
record LinkDocumentRequest(
        DocumentId documentId,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 2000) @HttpUrl String uri,
        @Size(max = 255) String mediaType,
        Instant occurredAt) {}
