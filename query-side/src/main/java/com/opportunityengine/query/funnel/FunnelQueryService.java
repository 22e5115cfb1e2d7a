package com.opportunityengine.query.funnel;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.platform.input.BusinessTimeRange;
import com.opportunityengine.query.pipeline.InvalidQueryParameters;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.pipeline.PipelineParameter;
import com.opportunityengine.security.AccessScope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Checks the funnel query's parameters and answers it from the deltas {@link FunnelProjection} files: a query sums
 * the documents of its buckets, read by key (see {@link FunnelKeys}).
 */
@Service
class FunnelQueryService {

    private final PipelineCatalog pipelines;
    private final FunnelStore store;

    FunnelQueryService(PipelineCatalog pipelines, FunnelStore store) {
        this.pipelines = pipelines;
        this.store = store;
    }

    FunnelView funnel(
            String pipelineParam, String fromParam, String toParam, String owner, String source, String asOfParam) {
        return funnel(pipelineParam, fromParam, toParam, owner, source, asOfParam, AccessScope.everything(""));
    }

    /**
     * The funnel of what the reader sees: unrestricted, the maintained total; for a sales rep or
     * manager, the sum of the per-owner deltas over the owners they see (themselves and, for a
     * manager, their team). Opportunities a rep only helps on as a team member are not in their
     * funnel: the deltas are kept per owner, not per member.
     */
    FunnelView funnel(
            String pipelineParam,
            String fromParam,
            String toParam,
            String owner,
            String source,
            String asOfParam,
            AccessScope scope) {
        InvalidQueryParameters invalid = new InvalidQueryParameters();
        Pipeline pipeline = PipelineParameter.resolve(pipelineParam, pipelines, invalid);
        LocalDate from = date("from", fromParam, invalid);
        LocalDate to = date("to", toParam, invalid);
        Instant asOf = null;
        if (asOfParam != null) {
            try {
                asOf = Instant.parse(asOfParam);
                if (!BusinessTimeRange.contains(asOf)) {
                    invalid.reject("asOf", BusinessTimeRange.MESSAGE);
                    asOf = null;
                }
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
        Counters counters;
        if (scope.unrestricted()) {
            counters = sum(pipeline.id().value(), from, to, owner, source, asOf);
        } else {
            counters = new Counters();
            for (String visibleOwner : new TreeSet<>(scope.owners())) {
                if (owner == null || owner.equals(visibleOwner)) {
                    counters.addAll(sum(pipeline.id().value(), from, to, visibleOwner, source, asOf));
                }
            }
        }
        return new FunnelView(
                pipeline.id().value(),
                asOf,
                from,
                to,
                owner,
                source,
                FunnelReport.stages(pipeline, counters),
                FunnelReport.overall(counters));
    }

    /** The counters of the opportunities created in [from, to) matching owner and source, as of an instant. */
    Counters sum(String pipeline, LocalDate from, LocalDate to, String owner, String source, Instant asOf) {
        ReadPlan plan = FunnelKeys.plan(
                pipeline, from, to, asOf, store.meta(pipeline).orElse(null), FunnelCell.ownerKey(owner));
        Counters total = new Counters();
        if (!plan.sumIds().isEmpty()) {
            store.sums(plan.sumIds(), FunnelCell.sourceKey(source)).forEach(total::addAll);
        }
        if (!plan.listIds().isEmpty()) {
            for (ListedDelta entry : store.listed(plan.listIds())) {
                if (!entry.occurredAt().isAfter(plan.listCutoff())
                        && entry.cell().matches(owner, source)) {
                    total.addAll(entry.counters());
                }
            }
        }
        return total;
    }

    private static LocalDate date(String field, String value, InvalidQueryParameters invalid) {
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (!BusinessTimeRange.contains(date)) {
                invalid.reject(field, BusinessTimeRange.MESSAGE);
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            invalid.reject(field, "not a date YYYY-MM-DD: " + value);
            return null;
        }
    }
}
