package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current view of one opportunity, folded from its events. Plain state, no I/O: the projection
 * loads it, applies an event and stores it. An event whose sequence number the view has already
 * applied changes nothing.
 */
final class OpportunityViewState {

    String opportunityId;
    String title;
    String description;
    String customerId;
    String source;
    String ownerId;
    final Map<String, String> team = new LinkedHashMap<>();
    String pipeline;
    String stage;
    int stageOrder;
    OpportunityStatus status;
    Money amount;
    LocalDate expectedCloseDate;
    /** The forecast a person last set: a whole percent and a category, each null until one is set. */
    Integer forecastProbability;

    ForecastCategory forecastCategory;
    Instant createdAt;
    Instant lastContactAt;
    Instant closedAt;
    Instant lastActivityAt;
    /** Open (not completed) follow-up tasks: task id to due time. */
    final Map<String, Instant> openTasks = new LinkedHashMap<>();

    int documents;
    String dealId;
    String lostReason;
    String competitor;
    final List<String> relatedOpportunityIds = new ArrayList<>();
    long version = -1;

    /**
     * An email event at this sequence number: nothing in the view changes but its version, so that a reader who
     * waits for the version an email request answered is answered (docs/email.md).
     *
     * @return false when the view had already reached that sequence number
     */
    boolean passed(long sequence) {
        if (sequence <= version) {
            return false;
        }
        version = sequence;
        return true;
    }

    /**
     * Applies one event with its aggregate sequence number.
     *
     * @return false when the view had already applied that sequence number (nothing changed)
     */
    boolean apply(OpportunityEvent event, long sequence) {
        if (sequence <= version) {
            return false;
        }
        if (event instanceof OpportunityCreated e) {
            opportunityId = e.opportunityId().toString();
            title = e.title();
            description = e.description();
            customerId = e.customerId() == null ? null : e.customerId().toString();
            source = e.source();
            ownerId = e.ownerId() == null ? null : e.ownerId().toString();
            pipeline = e.pipeline().toString();
            stage = e.stage().toString();
            stageOrder = e.stageOrder();
            status = OpportunityStatus.OPEN;
            amount = e.amount();
            expectedCloseDate = e.expectedCloseDate();
            createdAt = e.occurredAt();
            setRelated(e.relatedOpportunityIds());
        } else if (event instanceof OpportunityDetailsUpdated e) {
            if (e.title() != null) {
                title = e.title();
            }
            if (e.description() != null) {
                description = e.description();
            }
            if (e.amount() != null) {
                amount = e.amount();
            }
            if (e.expectedCloseDate() != null) {
                expectedCloseDate = e.expectedCloseDate();
            }
            if (e.source() != null) {
                source = e.source();
            }
            if (e.relatedOpportunityIds() != null) {
                setRelated(e.relatedOpportunityIds());
            }
        } else if (event instanceof ForecastUpdated e) {
            if (e.probability() != null) {
                forecastProbability = e.probability();
            }
            if (e.forecastCategory() != null) {
                forecastCategory = e.forecastCategory();
            }
        } else if (event instanceof ContactLogged e) {
            if (lastContactAt == null || e.occurredAt().isAfter(lastContactAt)) {
                lastContactAt = e.occurredAt();
            }
        } else if (event instanceof FollowUpScheduled e) {
            openTasks.put(e.taskId().toString(), e.dueAt());
        } else if (event instanceof FollowUpCompleted e) {
            openTasks.remove(e.taskId().toString());
        } else if (event instanceof StageChanged e) {
            pipeline = e.pipeline().toString();
            stage = e.toStage().toString();
            stageOrder = e.toOrder();
        } else if (event instanceof OwnerAssigned e) {
            ownerId = e.ownerId().toString();
        } else if (event instanceof TeamMemberAdded e) {
            team.put(e.memberId().toString(), e.role());
        } else if (event instanceof TeamMemberRemoved e) {
            team.remove(e.memberId().toString());
        } else if (event instanceof DocumentLinked) {
            documents++;
        } else if (event instanceof OpportunityLost e) {
            status = OpportunityStatus.LOST;
            lostReason = e.reason();
            competitor = e.competitor();
            stage = e.stage().toString();
            stageOrder = e.stageOrder();
            closedAt = e.occurredAt();
        } else if (event instanceof OpportunityReopened e) {
            status = OpportunityStatus.OPEN;
            lostReason = null;
            competitor = null;
            closedAt = null;
            stage = e.stage().toString();
            stageOrder = e.stageOrder();
        } else if (event instanceof OpportunityConverted e) {
            status = OpportunityStatus.WON;
            dealId = e.dealId().toString();
            stage = e.stage().toString();
            stageOrder = e.stageOrder();
            closedAt = e.occurredAt();
        }
        if (lastActivityAt == null || event.occurredAt().isAfter(lastActivityAt)) {
            lastActivityAt = event.occurredAt();
        }
        version = sequence;
        return true;
    }

    /** Follow-up tasks due before {@code now} and not done; none while the opportunity is closed. */
    int overdueTasks(Instant now) {
        if (status != OpportunityStatus.OPEN) {
            return 0;
        }
        return (int)
                openTasks.values().stream().filter(due -> due.isBefore(now)).count();
    }

    private void setRelated(List<OpportunityId> ids) {
        relatedOpportunityIds.clear();
        if (ids != null) {
            ids.forEach(id -> relatedOpportunityIds.add(id.toString()));
        }
    }
}
