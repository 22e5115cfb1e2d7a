package com.opportunityengine.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A head an auditor kept, checked against the log as it is now.
 *
 * @param ok                  the log, re-chained up to {@code position}, gives the kept hash
 * @param position            the position checked up to
 * @param hash                the head hash re-chained from the log now
 * @param eventsCovered       how many events the re-chained head covers
 * @param firstBrokenPosition the first event whose stored hash no longer matches its content (if any)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HeadVerification(boolean ok, long position, String hash, long eventsCovered, Long firstBrokenPosition) {}
