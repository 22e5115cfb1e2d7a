package com.opportunityengine.command.email.web;

import java.util.List;

/** {@code GET /api/email-sequences}: the latest version of each sequence. */
record SequenceList(List<SequenceView> items) {}
