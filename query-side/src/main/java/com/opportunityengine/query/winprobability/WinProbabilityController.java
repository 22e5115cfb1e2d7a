package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The learned win probability: the model of a pipeline, an opportunity's probability now or as of an instant
 * (trained only on what had happened by then), and point-in-time backtests.
 */
@RestController
class WinProbabilityController {

    /** At most this many cutoffs per backtest (ten years of weekly cutoffs). */
    static final int MAX_CUTOFFS = 520;

    private final WinProbabilityModels models;

    WinProbabilityController(WinProbabilityModels models) {
        this.models = models;
    }

    @GetMapping("/api/win-probability/model")
    ModelView model(@RequestParam(name = "pipeline", required = false) String pipeline) {
        Pipeline p = pipeline(pipeline);
        return models.read(l -> l.model(p.id())).map(ModelView::of)
                .orElseThrow(() -> QueryProblems.notFound("pipeline", p.id()));
    }

    @GetMapping("/api/opportunities/{id}/win-probability")
    OpportunityProbabilityView opportunity(@PathVariable("id") String id,
                                           @RequestParam(name = "asOf", required = false) String asOfParam) {
        OpportunityId opportunityId = new OpportunityId(QueryParams.uuid("id", id));
        Instant asOf = QueryParams.instant("asOf", asOfParam);
        Instant now = models.now();
        if (asOf != null && asOf.isAfter(now)) {
            throw QueryProblems.badParameter("asOf", "must not be in the future");
        }
        OpportunityOutcomes.Outcome outcome = models.outcome(opportunityId)
                .orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        if (asOf == null) {
            if (!"OPEN".equals(outcome.status())) {
                return closed(outcome, outcome.status(), outcome.closedAt(), now);
            }
            return models.read(l -> l.score(opportunityId, now)).map(s -> open(s, now))
                    .orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        }
        if (outcome.createdAt().isAfter(asOf)) {
            throw QueryProblems.notFound("opportunity (as of " + asOf + ")", opportunityId);
        }
        String[] status = {"OPEN"};
        Instant[] closedAt = {null};
        Iterable<OpportunityEvent> log = models.eventsUpTo(asOf);
        Iterable<OpportunityEvent> watched = () -> watch(log.iterator(), opportunityId, status, closedAt);
        WinProbabilityLearner learner = WinProbabilityLearner.trainedAsOf(watched, asOf, models::pipeline,
                models.settings());
        if (!"OPEN".equals(status[0])) {
            return closed(outcome, status[0], closedAt[0], asOf);
        }
        return learner.score(opportunityId, asOf).map(s -> open(s, asOf))
                .orElseThrow(() -> QueryProblems.notFound("opportunity (as of " + asOf + ")", opportunityId));
    }

    @GetMapping("/api/win-probability/backtest")
    BacktestView backtest(@RequestParam(name = "pipeline", required = false) String pipeline,
                          @RequestParam(name = "cutoff", required = false) String cutoff,
                          @RequestParam(name = "from", required = false) String from,
                          @RequestParam(name = "to", required = false) String to,
                          @RequestParam(name = "every", required = false) String every,
                          @RequestParam(name = "details", required = false) String details) {
        Pipeline p = pipeline(pipeline);
        boolean withDetails = Boolean.TRUE.equals(QueryParams.bool("details", details));
        List<Instant> cutoffs = cutoffs(cutoff, from, to, every);
        return BacktestView.of(models.backtest(p.id(), cutoffs, withDetails), cutoffs, withDetails);
    }

    private Pipeline pipeline(String raw) {
        PipelineId id = raw == null || raw.isBlank() ? PipelineId.DEFAULT : QueryParams.parse("pipeline", raw,
                PipelineId::of);
        return models.pipeline(id).orElseThrow(() -> QueryProblems.badParameter("pipeline", "unknown pipeline " + id));
    }

    static List<Instant> cutoffs(String cutoff, String from, String to, String every) {
        if (cutoff != null) {
            if (from != null || to != null || every != null) {
                throw QueryProblems.badParameter("cutoff", "give either cutoff or from, to and every");
            }
            return List.of(instantOrDate("cutoff", cutoff));
        }
        if (from == null || to == null) {
            throw QueryProblems.badParameter(from == null ? "from" : "to",
                    "is required (or give a single cutoff)");
        }
        Instant start = instantOrDate("from", from);
        Instant end = instantOrDate("to", to);
        if (end.isBefore(start)) {
            throw QueryProblems.badParameter("to", "must not be before from");
        }
        TemporalAmount step = step(every == null ? "P7D" : every);
        List<Instant> out = new ArrayList<>();
        for (Instant t = start; !t.isAfter(end); t = t.atZone(ZoneOffset.UTC).plus(step).toInstant()) {
            if (out.size() == MAX_CUTOFFS) {
                throw QueryProblems.badParameter("every", "gives more than " + MAX_CUTOFFS + " cutoffs");
            }
            out.add(t);
        }
        return out;
    }

    private static TemporalAmount step(String every) {
        try {
            Period period = Period.parse(every);
            if (period.isNegative() || period.isZero()) {
                throw QueryProblems.badParameter("every", "must be positive");
            }
            return period;
        } catch (DateTimeParseException notAPeriod) {
            try {
                Duration duration = Duration.parse(every);
                if (duration.compareTo(Duration.ofHours(1)) < 0) {
                    throw QueryProblems.badParameter("every", "must be at least an hour");
                }
                return duration;
            } catch (DateTimeParseException e) {
                throw QueryProblems.badParameter("every", "must be an ISO-8601 period or duration, e.g. P7D or PT12H");
            }
        }
    }

    private static Instant instantOrDate(String field, String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw QueryProblems.badParameter(field, "must be an ISO-8601 instant or date, e.g. 2026-03-01T00:00:00Z");
            }
        }
    }

    private static Iterator<OpportunityEvent> watch(Iterator<OpportunityEvent> events, OpportunityId id,
                                                    String[] status, Instant[] closedAt) {
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
        return new OpportunityProbabilityView(s.opportunityId().toString(), s.pipeline().value(),
                s.stage() == null ? null : s.stage().value(), "OPEN", at, Rounding.round(s.probability()),
                s.basis().name(), Rounding.round(s.stageProbability()), Rounding.round(s.defaultProbability()),
                s.features(), s.explanation());
    }

    private static OpportunityProbabilityView closed(OpportunityOutcomes.Outcome o, String status, Instant closedAt,
                                                     Instant at) {
        boolean won = "WON".equals(status);
        String explanation = (won ? "Won" : "Lost") + (closedAt == null ? "" : " on " + closedAt)
                + ": the outcome is known, so the probability is " + (won ? "1" : "0")
                + (won ? "." : " (until it is reopened).");
        return new OpportunityProbabilityView(o.opportunityId().toString(), o.pipeline().value(), null, status, at,
                won ? 1.0 : 0.0, "OUTCOME", null, null, List.of(), explanation);
    }
}
