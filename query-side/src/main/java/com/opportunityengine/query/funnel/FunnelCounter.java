package com.opportunityengine.query.funnel;

/**
 * The names of the funnel counters. Per opportunity: {@code created}, one of {@code open/won/lost},
 * {@code closed} and {@code cycleSec} when closed, {@code hi_k} = 1 when not won and its highest
 * stage order so far is k (won ones have passed every stage and are counted by {@code won}),
 * {@code cur_k} when open at k, {@code lost_k} when lost with highest k, {@code lostFrom_k} when lost
 * while at k. Accumulated over its history: {@code en_k} stays started at k, {@code ex_k} stays
 * completed, {@code sec_k} their seconds, {@code h_k_n} completed stays of n whole days (the
 * histogram for medians), {@code back_k} backward moves out of k, {@code back} and {@code push}
 * (expected close date moved later).
 */
final class FunnelCounter {

    static final String CREATED = "created";
    static final String OPEN = "open";
    static final String WON = "won";
    static final String LOST = "lost";
    static final String CLOSED = "closed";
    static final String CYCLE_SECONDS = "cycleSec";
    static final String BACKWARD_MOVES = "back";
    static final String CLOSE_DATE_PUSHES = "push";
    static final String HISTOGRAM_PREFIX = "h_";

    private FunnelCounter() {}

    static String highest(int order) {
        return "hi_" + order;
    }

    static String current(int order) {
        return "cur_" + order;
    }

    static String lost(int order) {
        return "lost_" + order;
    }

    static String lostFrom(int order) {
        return "lostFrom_" + order;
    }

    static String entered(int order) {
        return "en_" + order;
    }

    static String exited(int order) {
        return "ex_" + order;
    }

    static String staySeconds(int order) {
        return "sec_" + order;
    }

    static String stayDays(int order, long days) {
        return HISTOGRAM_PREFIX + order + "_" + days;
    }

    static String histogramPrefix(int order) {
        return HISTOGRAM_PREFIX + order + "_";
    }

    static String backwardFrom(int order) {
        return "back_" + order;
    }
}
