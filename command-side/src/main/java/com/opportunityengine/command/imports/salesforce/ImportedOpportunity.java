package com.opportunityengine.command.imports.salesforce;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.util.List;

/**
 * One Salesforce opportunity as the commands that replay it, in order, with their original business times
 * (CreateOpportunity, then AdvanceStage / UpdateOpportunityDetails / MarkLost / Reopen / ConvertToDeal).
 */
public record ImportedOpportunity(String sourceId, OpportunityId opportunityId, List<Object> commands) {
}
