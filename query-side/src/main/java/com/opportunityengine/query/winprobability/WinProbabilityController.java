package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The learned win probability: the model of a pipeline, an opportunity's probability now or as of an instant
 * (trained only on what had happened by then), and point-in-time backtests. Maps the request to a query of
 * {@link WinProbabilityQueryService}; the cutoffs of a backtest are read here.
 */
@RestController
class WinProbabilityController {

    /** At most this many cutoffs per backtest (ten years of weekly cutoffs). */
    static final int MAX_CUTOFFS = 520;

    private final WinProbabilityQueryService service;

    WinProbabilityController(WinProbabilityQueryService service) {
        this.service = service;
    }

    @GetMapping("/api/win-probability/model")
    ModelView model(@RequestParam(name = "pipeline", required = false) String pipeline) {
        return service.model(pipelineId(pipeline));
    }

    @GetMapping("/api/opportunities/{id}/win-probability")
    OpportunityProbabilityView opportunity(
            @PathVariable("id") String id, @RequestParam(name = "asOf", required = false) String asOfParam) {
        OpportunityId opportunityId = new OpportunityId(QueryParams.uuid("id", id));
        Instant asOf = QueryParams.instant("asOf", asOfParam);
        return service.opportunity(opportunityId, asOf);
    }

    @GetMapping("/api/win-probability/backtest")
    BacktestView backtest(
            @RequestParam(name = "pipeline", required = false) String pipeline,
            @RequestParam(name = "cutoff", required = false) String cutoff,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "every", required = false) String every,
            @RequestParam(name = "details", required = false) String details) {
        PipelineId p = pipelineId(pipeline);
        service.pipeline(p); // an unknown pipeline is rejected before the cutoffs are read
        boolean withDetails = Boolean.TRUE.equals(QueryParams.bool("details", details));
        List<Instant> cutoffs = cutoffs(cutoff, from, to, every);
        return service.backtest(p, cutoffs, withDetails);
    }

    private static PipelineId pipelineId(String raw) {
        return raw == null || raw.isBlank() ? PipelineId.DEFAULT : QueryParams.parse("pipeline", raw, PipelineId::of);
    }

    static List<Instant> cutoffs(String cutoff, String from, String to, String every) {
        if (cutoff != null) {
            if (from != null || to != null || every != null) {
                throw QueryProblems.badParameter("cutoff", "give either cutoff or from, to and every");
            }
            return List.of(instantOrDate("cutoff", cutoff));
        }
        if (from == null || to == null) {
            throw QueryProblems.badParameter(from == null ? "from" : "to", "is required (or give a single cutoff)");
        }
        Instant start = instantOrDate("from", from);
        Instant end = instantOrDate("to", to);
        if (end.isBefore(start)) {
            throw QueryProblems.badParameter("to", "must not be before from");
        }
        TemporalAmount step = step(every == null ? "P7D" : every);
        List<Instant> out = new ArrayList<>();
        for (Instant t = start; t != null && !t.isAfter(end); t = plus(t, step)) {
            if (out.size() == MAX_CUTOFFS) {
                throw QueryProblems.badParameter("every", "gives more than " + MAX_CUTOFFS + " cutoffs");
            }
            out.add(t);
        }
        return out;
    }

    /** The next cutoff; null past the end of time (a step of P999999999Y). */
    private static Instant plus(Instant t, TemporalAmount step) {
        try {
            return t.atZone(ZoneOffset.UTC).plus(step).toInstant();
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return null;
        }
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

    static Instant instantOrDate(String field, String raw) {
        try {
            return QueryParams.inRange(field, Instant.parse(raw));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return QueryParams.inRange(
                        field, LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                throw QueryProblems.badParameter(
                        field, "must be an ISO-8601 instant or date, e.g. 2026-03-01T00:00:00Z");
            }
        }
    }
}
