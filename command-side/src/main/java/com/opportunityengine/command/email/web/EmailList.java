package com.opportunityengine.command.email.web;

import java.util.List;

/** {@code GET /api/opportunities/{id}/emails}: every email of the opportunity, in request order. */
record EmailList(String opportunityId, long version, List<EmailView> items) {}
