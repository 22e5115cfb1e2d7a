package com.opportunityengine.command.email.web;

/** What {@code POST /api/email/inbound} made of a message. */
record InboundResult(
        String kind, String emailId, String opportunityId, String bounceType, boolean suppressed, Long version) {}
