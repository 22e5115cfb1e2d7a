package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.util.List;

/**
 * One Salesforce opportunity as the commands that replay it, in order, with their original business times
 * (CreateOpportunity, then AdvanceStage / UpdateOpportunityDetails / UpdateForecast / MarkLost / Reopen /
 * ConvertToDeal), and the
 * line of Opportunity.csv it came from (the header is line 1).
 */
public record ImportedOpportunity(String sourceId, OpportunityId opportunityId, List<Object> commands, long line) {

    /** Without the source line (0: unknown). */
    public ImportedOpportunity(String sourceId, OpportunityId opportunityId, List<Object> commands) {
        this(sourceId, opportunityId, commands, 0);
    }
}
