package com.opportunityengine.query.funnel;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.query.pipeline.InvalidQueryParameters;
import com.opportunityengine.query.pipeline.PipelineParameter;
import com.opportunityengine.query.readmodel.PipelineCatalog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Checks the funnel query's parameters and answers it from the maintained deltas. */
@Service
class FunnelQueryService {

    private final PipelineCatalog pipelines;
    private final FunnelLedger ledger;

    @Autowired
    FunnelQueryService(PipelineCatalog pipelines, FunnelProjection projection) {
        this(pipelines, projection.ledger());
    }

    FunnelQueryService(PipelineCatalog pipelines, FunnelLedger ledger) {
        this.pipelines = pipelines;
        this.ledger = ledger;
    }

    FunnelView funnel(String pipelineParam, String fromParam, String toParam, String owner, String source,
            String asOfParam) {
        InvalidQueryParameters invalid = new InvalidQueryParameters();
        Pipeline pipeline = PipelineParameter.resolve(pipelineParam, pipelines, invalid);
        LocalDate from = date("from", fromParam, invalid);
        LocalDate to = date("to", toParam, invalid);
        Instant asOf = null;
        if (asOfParam != null) {
            try {
                asOf = Instant.parse(asOfParam);
            } catch (DateTimeParseException e) {
                invalid.reject("asOf", "not an ISO-8601 UTC instant such as 2026-03-01T09:30:00Z: " + asOfParam);
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            invalid.reject("to", "must be after from (from is inclusive, to exclusive)");
        }
        if (owner != null && owner.isBlank()) {
            invalid.reject("owner", "must not be blank");
        }
        invalid.throwIfAny();
        Counters counters = ledger.sum(pipeline.id().value(), from, to, owner, source, asOf);
        return new FunnelView(pipeline.id().value(), asOf, from, to, owner, source,
                FunnelReport.stages(pipeline, counters), FunnelReport.overall(counters));
    }

    private static LocalDate date(String field, String value, InvalidQueryParameters invalid) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            invalid.reject(field, "not a date YYYY-MM-DD: " + value);
            return null;
        }
    }
}
