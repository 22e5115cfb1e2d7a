package com.opportunityengine.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A head an auditor kept, checked against the log as it is now.
 *
 * @param ok                   the log, re-chained up to {@code position}, gives the kept hash, every event matches
 *                             its hash and every keyed one could be checked with the chain key
 * @param position             the position checked up to
 * @param hash                 the head hash re-chained from the log now (up to the first unverifiable event, if any)
 * @param eventsCovered        how many events the re-chained head covers
 * @param keyed                the events re-chained hold keyed (HMAC-SHA256) ones
 * @param firstBrokenPosition  the first event whose stored hash no longer matches its content, or a plain event after
 *                             a keyed one (if any)
 * @param unverifiablePosition the first keyed event this node cannot check (no chain key, or another one); the
 *                             re-chaining stops there (absent when none)
 * @param problem              what was wrong at the first broken or unverifiable position (absent when there is none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record HeadVerification(
        boolean ok,
        long position,
        String hash,
        long eventsCovered,
        boolean keyed,
        Long firstBrokenPosition,
        Long unverifiablePosition,
        ChainProblem problem) {}
