package com.opportunityengine.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The hash chain of one opportunity checked from sequence 0.
 *
 * @param ok                  every stored event matches its hash and links to its predecessor
 * @param checked             how many events, from sequence 0 on, were found intact
 * @param firstBrokenSequence the first sequence that is missing, edited or out of place (absent when ok)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChainVerification(boolean ok, long checked, Long firstBrokenSequence) {}
