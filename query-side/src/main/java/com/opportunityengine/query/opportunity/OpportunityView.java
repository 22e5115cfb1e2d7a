package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer to {@code GET /api/opportunities/{id}}: the opportunity as it stands. {@code overdueTasks}
 * counts against the time of the request; {@code version} is the last aggregate sequence applied;
 * {@code forecastProbability} (a whole percent) and {@code forecastCategory} are the forecast a person last set, null
 * until one is.
 */
record OpportunityView(
        String opportunityId,
        String title,
        String description,
        CustomerRef customer,
        String source,
        String ownerId,
        List<TeamMemberView> team,
        String pipeline,
        String stage,
        int stageOrder,
        OpportunityStatus status,
        Money amount,
        LocalDate expectedCloseDate,
        Double winProbability,
        Integer forecastProbability,
        ForecastCategory forecastCategory,
        Instant createdAt,
        Instant lastContactAt,
        Instant closedAt,
        int openTasks,
        int overdueTasks,
        int documents,
        String dealId,
        String lostReason,
        String competitor,
        List<String> relatedOpportunityIds,
        long version) {}
