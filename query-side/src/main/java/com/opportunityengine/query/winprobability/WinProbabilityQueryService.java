package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.web.QueryProblems;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Answers the win-probability queries from {@link WinProbabilityModels}: a pipeline's model, an opportunity's
 * probability now or as of an instant (a learner trained only on what had happened by then), and point-in-time
 * backtests.
 */
@Service
class WinProbabilityQueryService {

    private final WinProbabilityModels models;

    WinProbabilityQueryService(WinProbabilityModels models) {
        this.models = models;
    }

    /** The learned model of a pipeline; 404 while it has learned nothing of it. */
    ModelView model(PipelineId pipeline) {
        Pipeline p = pipeline(pipeline);
        return models.read(l -> l.model(p.id()))
                .map(ModelView::of)
                .orElseThrow(() -> QueryProblems.notFound("pipeline", p.id()));
    }

    /** An opportunity's probability now ({@code asOf} null) or as of a past instant; 1 or 0 once its outcome is known. */
    OpportunityProbabilityView opportunity(OpportunityId opportunityId, Instant asOf) {
        Instant now = models.now();
        if (asOf != null && asOf.isAfter(now)) {
            throw QueryProblems.badParameter("asOf", "must not be in the future");
        }
        OpportunityOutcomeStore.Outcome outcome =
                models.outcome(opportunityId).orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        if (asOf == null) {
            if (!"OPEN".equals(outcome.status())) {
                return closed(outcome, outcome.status(), outcome.closedAt(), now);
            }
            return models.read(l -> l.score(opportunityId, now))
                    .map(s -> open(s, now))
                    .orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        }
        if (outcome.createdAt().isAfter(asOf)) {
            throw QueryProblems.notFound("opportunity (as of " + asOf + ")", opportunityId);
        }
        String[] status = {"OPEN"};
        Instant[] closedAt = {null};
        Iterable<OpportunityEvent> log = models.eventsUpTo(asOf);
        Iterable<OpportunityEvent> watched = () -> watch(log.iterator(), opportunityId, status, closedAt);
        WinProbabilityLearner learner =
                WinProbabilityLearner.trainedAsOf(watched, asOf, models::pipeline, models.settings());
        if (!"OPEN".equals(status[0])) {
            return closed(outcome, status[0], closedAt[0], asOf);
        }
        return learner.score(opportunityId, asOf)
                .map(s -> open(s, asOf))
                .orElseThrow(() -> QueryProblems.notFound("opportunity (as of " + asOf + ")", opportunityId));
    }

    /** A backtest of the pipeline's model at each cutoff. */
    BacktestView backtest(PipelineId pipeline, List<Instant> cutoffs, boolean details) {
        Pipeline p = pipeline(pipeline);
        return BacktestView.of(models.backtest(p.id(), cutoffs, details), cutoffs, details);
    }

    /** A pipeline the registry knows; 400 for any other. */
    Pipeline pipeline(PipelineId id) {
        return models.pipeline(id).orElseThrow(() -> QueryProblems.badParameter("pipeline", "unknown pipeline " + id));
    }

    private static Iterator<OpportunityEvent> watch(
            Iterator<OpportunityEvent> events, OpportunityId id, String[] status, Instant[] closedAt) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public OpportunityEvent next() {
                OpportunityEvent event = events.next();
                if (event.opportunityId().equals(id)) {
                    if (event instanceof OpportunityConverted) {
                        status[0] = "WON";
                        closedAt[0] = event.occurredAt();
                    } else if (event instanceof OpportunityLost) {
                        status[0] = "LOST";
                        closedAt[0] = event.occurredAt();
                    } else if (event instanceof OpportunityReopened || event instanceof OpportunityCreated) {
                        status[0] = "OPEN";
                        closedAt[0] = null;
                    }
                }
                return event;
            }
        };
    }

    private static OpportunityProbabilityView open(WinProbabilityScore s, Instant at) {
        return new OpportunityProbabilityView(
                s.opportunityId().toString(),
                s.pipeline().value(),
                s.stage() == null ? null : s.stage().value(),
                "OPEN",
                at,
                Rounding.round(s.probability()),
                s.basis().name(),
                Rounding.round(s.stageProbability()),
                Rounding.round(s.defaultProbability()),
                s.features(),
                s.explanation());
    }

    private static OpportunityProbabilityView closed(
            OpportunityOutcomeStore.Outcome o, String status, Instant closedAt, Instant at) {
        boolean won = "WON".equals(status);
        String explanation = (won ? "Won" : "Lost") + (closedAt == null ? "" : " on " + closedAt)
                + ": the outcome is known, so the probability is " + (won ? "1" : "0")
                + (won ? "." : " (until it is reopened).");
        return new OpportunityProbabilityView(
                o.opportunityId().toString(),
                o.pipeline().value(),
                null,
                status,
                at,
                won ? 1.0 : 0.0,
                "OUTCOME",
                null,
                null,
                List.of(),
                explanation);
    }
}
