package com.opportunityengine.command.email.web;

import com.opportunityengine.events.email.EmailId;

/** The answer of {@code POST /api/opportunities/{id}/emails} (202: it is in the log; it leaves once dispatched). */
record EmailRequestedResponse(EmailId emailId, long version) {}
