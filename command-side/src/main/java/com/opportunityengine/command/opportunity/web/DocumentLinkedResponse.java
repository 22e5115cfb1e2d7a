package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.DocumentId;

/** The answer of {@code POST /api/opportunities/{id}/documents}: the document and the opportunity's version. */
record DocumentLinkedResponse(DocumentId documentId, long version) {}
