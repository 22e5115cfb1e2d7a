package com.opportunityengine.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The hash chain of one opportunity checked from sequence 0.
 *
 * @param ok                    every stored event matches its hash and links to its predecessor, and every keyed one
 *                              could be checked with the chain key
 * @param checked               how many events, from sequence 0 on, were found intact
 * @param keyed                 the events read hold keyed (HMAC-SHA256) ones
 * @param firstBrokenSequence   the first sequence that is missing, edited, out of place or downgraded (absent when
 *                              none was found)
 * @param unverifiableSequence  the first keyed event this node cannot check (no chain key, or another one); the
 *                              check stops there (absent when none)
 * @param problem               what was wrong at that sequence (absent when ok)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChainVerification(
        boolean ok,
        long checked,
        boolean keyed,
        Long firstBrokenSequence,
        Long unverifiableSequence,
        ChainProblem problem) {

    static ChainVerification intact(long checked, boolean keyed) {
        return new ChainVerification(true, checked, keyed, null, null, null);
    }

    static ChainVerification broken(long checked, boolean keyed, long sequence, ChainProblem problem) {
        return new ChainVerification(false, checked, keyed, sequence, null, problem);
    }

    static ChainVerification unverifiable(long checked, long sequence, ChainProblem problem) {
        return new ChainVerification(false, checked, true, null, sequence, problem);
    }
}
