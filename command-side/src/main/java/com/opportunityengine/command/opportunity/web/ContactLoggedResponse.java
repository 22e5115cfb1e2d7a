package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.ContactId;

/** The answer of {@code POST /api/opportunities/{id}/contacts}: the contact and the opportunity's version. */
record ContactLoggedResponse(ContactId contactId, long version) {}
