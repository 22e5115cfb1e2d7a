package com.opportunityengine.command.audit;

import java.time.Instant;

/**
 * The running head of the whole log: every event up to {@code position}, in position order,
 * chained into {@code hash} ({@code null} before the first event).
 *
 * @param position      the position of the last event covered (0: none yet)
 * @param hash          the head hash after that event
 * @param eventsCovered how many events the head covers
 * @param at            when the head was advanced to this position (null: never)
 */
record HeadCheckpoint(long position, String hash, long eventsCovered, Instant at) {

    static final HeadCheckpoint EMPTY = new HeadCheckpoint(0, null, 0, null);
}
