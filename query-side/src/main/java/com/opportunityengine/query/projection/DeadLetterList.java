package com.opportunityengine.query.projection;

import java.util.List;

/** The dead letters of one projection, sequence by sequence, oldest first. */
record DeadLetterList(String projection, long total, List<DeadLetterView> items) {}
