package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.opportunity.VisibleOpportunities;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.security.CurrentUser;
import java.time.Instant;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/funnel/flow?pipeline=&from=&to=}: how the open pipeline at {@code from} ended up at {@code to}
 * ({@link DealFlow}), over the opportunities the reader sees (a rep or manager: by the opportunity views).
 */
@RestController
class DealFlowController {

    private final WinProbabilityModels models;
    private final VisibleOpportunities visible;
    private final CurrentUser currentUser;

    DealFlowController(WinProbabilityModels models, VisibleOpportunities visible, CurrentUser currentUser) {
        this.models = models;
        this.visible = visible;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/funnel/flow")
    DealFlowView flow(
            @RequestParam(name = "pipeline", required = false) String pipelineParam,
            @RequestParam(name = "from", required = false) String fromParam,
            @RequestParam(name = "to", required = false) String toParam) {
        PipelineId id = pipelineParam == null || pipelineParam.isBlank()
                ? PipelineId.DEFAULT
                : QueryParams.parse("pipeline", pipelineParam, PipelineId::of);
        Pipeline pipeline =
                models.pipeline(id).orElseThrow(() -> QueryProblems.badParameter("pipeline", "unknown pipeline " + id));
        if (fromParam == null) {
            throw QueryProblems.badParameter("from", "is required");
        }
        if (toParam == null) {
            throw QueryProblems.badParameter("to", "is required");
        }
        Instant from = WinProbabilityController.instantOrDate("from", fromParam);
        Instant to = WinProbabilityController.instantOrDate("to", toParam);
        if (!to.isAfter(from)) {
            throw QueryProblems.badParameter("to", "must be after from");
        }
        Set<String> ids = visible.ids(currentUser.scope());
        return DealFlow.of(pipeline, models.eventsUpTo(to), from, to, ids == null ? any -> true : ids::contains);
    }
}
