package com.opportunityengine.query.winprobability;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code GET /api/funnel/flow}: per stage of the pipeline, the opportunities open there at {@code from}
 * and what became of them by {@code to}, and how many were open there at {@code to} ({@code newAtTo} of them created
 * after {@code from}); the links of the flow ({@code source}: a stage at {@code from} or {@code NEW}; {@code target}: a
 * stage at {@code to}, {@code WON} or {@code LOST}); the totals.
 */
record DealFlowView(
        String pipeline, Instant from, Instant to, List<StageFlow> stages, List<Link> links, Totals totals) {

    record StageFlow(
            String stage,
            String name,
            String nameZh,
            int order,
            long openAtFrom,
            long won,
            long lost,
            long movedForward,
            long movedBack,
            long stayed,
            long openAtTo,
            long newAtTo) {}

    record Link(String source, String target, String outcome, long count) {}

    record Totals(
            long openAtFrom,
            long won,
            long lost,
            long movedForward,
            long movedBack,
            long stayed,
            long created,
            long createdWon,
            long createdLost,
            long createdOpen) {}
}
