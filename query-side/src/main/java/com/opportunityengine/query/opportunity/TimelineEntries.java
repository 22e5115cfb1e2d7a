package com.opportunityengine.query.opportunity;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.assignment.PassOverReason;
import com.opportunityengine.events.email.EmailBounced;
import com.opportunityengine.events.email.EmailDeliveryUnknown;
import com.opportunityengine.events.email.EmailEvent;
import com.opportunityengine.events.email.EmailFailed;
import com.opportunityengine.events.email.EmailReplyReceived;
import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.EmailRetried;
import com.opportunityengine.events.email.EmailSent;
import com.opportunityengine.events.email.EmailSuppressed;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceEvent;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import java.util.Map;

/** Turns opportunity events into timeline entries. Pure: the same event always gives the same entry. */
final class TimelineEntries {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private TimelineEntries() {}

    static TimelineEntry of(OpportunityEvent event, long sequence) {
        Map<String, Object> details = JSON.convertValue(event, FIELDS);
        details.remove("opportunityId");
        details.remove("occurredAt");
        return new TimelineEntry(
                sequence, event.occurredAt(), type(event), event.getClass().getSimpleName(), summary(event), details);
    }

    /**
     * An email's step as a timeline entry ({@code EMAIL_REQUESTED}, {@code EMAIL_SENT}, ...). The sent email and a
     * reply are also {@code CONTACT} entries of their own (the {@code ContactLogged} recorded with them).
     */
    static TimelineEntry ofEmail(EmailEvent event, long sequence) {
        Map<String, Object> details = JSON.convertValue(event, FIELDS);
        details.remove("opportunityId");
        details.remove("occurredAt");
        String name = event.getClass().getSimpleName();
        String type;
        String summary;
        if (event instanceof EmailRequested e) {
            type = "EMAIL_REQUESTED";
            summary = "Email requested from template " + e.templateId() + " v" + e.templateVersion()
                    + (e.sendAt() == null ? "" : ", to leave at " + e.sendAt())
                    + (e.sequenceStep() == null
                            ? ""
                            : ", step " + e.sequenceStep().step() + " of email sequence "
                                    + e.sequenceStep().sequenceId() + " v"
                                    + e.sequenceStep().sequenceVersion());
        } else if (event instanceof EmailSent e) {
            type = "EMAIL_SENT";
            summary = "Email sent as " + e.messageId();
        } else if (event instanceof EmailFailed e) {
            type = "EMAIL_FAILED";
            summary = "Email failed: " + e.smtpReply();
        } else if (event instanceof EmailSuppressed e) {
            type = "EMAIL_SUPPRESSED";
            summary = "Email not sent: the address is suppressed (" + e.reason() + ")";
        } else if (event instanceof EmailDeliveryUnknown) {
            type = "EMAIL_UNKNOWN";
            summary = "Email delivery unknown: its dispatcher stopped mid-send; not sent again unless retried";
        } else if (event instanceof EmailRetried e) {
            type = "EMAIL_RETRIED";
            summary = "Email retried (attempt " + e.attempt() + ")";
        } else if (event instanceof EmailReplyReceived) {
            type = "EMAIL_REPLY";
            summary = "The customer replied to an email";
        } else if (event instanceof EmailBounced e) {
            type = "EMAIL_BOUNCED";
            summary = "Email bounced (" + e.type() + (e.status() == null ? "" : " " + e.status()) + ")";
        } else {
            type = "EMAIL";
            summary = name;
        }
        return new TimelineEntry(sequence, event.occurredAt(), type, name, summary, details);
    }

    /** A sequence's enrolment ({@code SEQUENCE_ENROLLED}), unenrolment ({@code SEQUENCE_UNENROLLED}) or stop. */
    static TimelineEntry ofSequence(SequenceEvent event, long sequence) {
        Map<String, Object> details = JSON.convertValue(event, FIELDS);
        details.remove("opportunityId");
        details.remove("occurredAt");
        String type;
        String summary;
        if (event instanceof SequenceEnrolled) {
            type = "SEQUENCE_ENROLLED";
            summary = "Enrolled in email sequence " + event.sequenceId();
        } else if (event instanceof SequenceStopped e) {
            type = "SEQUENCE_STOPPED";
            summary = "Email sequence " + e.sequenceId() + " stopped: " + e.reason();
        } else {
            type = "SEQUENCE_UNENROLLED";
            summary = "Unenrolled from email sequence " + event.sequenceId();
        }
        return new TimelineEntry(
                sequence, event.occurredAt(), type, event.getClass().getSimpleName(), summary, details);
    }

    private static String type(OpportunityEvent event) {
        if (event instanceof OpportunityCreated) {
            return "CREATED";
        } else if (event instanceof OpportunityDetailsUpdated) {
            return "DETAILS_UPDATED";
        } else if (event instanceof ForecastUpdated) {
            return "FORECAST_UPDATED";
        } else if (event instanceof ContactLogged) {
            return "CONTACT";
        } else if (event instanceof FollowUpScheduled) {
            return "TASK_SCHEDULED";
        } else if (event instanceof FollowUpCompleted) {
            return "TASK_COMPLETED";
        } else if (event instanceof StageChanged) {
            return "STAGE_CHANGED";
        } else if (event instanceof OwnerAssigned) {
            return "OWNER_CHANGED";
        } else if (event instanceof TeamMemberAdded) {
            return "TEAM_MEMBER_ADDED";
        } else if (event instanceof TeamMemberRemoved) {
            return "TEAM_MEMBER_REMOVED";
        } else if (event instanceof DocumentLinked) {
            return "DOCUMENT_LINKED";
        } else if (event instanceof OpportunityLost) {
            return "LOST";
        } else if (event instanceof OpportunityReopened) {
            return "REOPENED";
        } else if (event instanceof OpportunityConverted) {
            return "CONVERTED";
        }
        return "OTHER";
    }

    private static String summary(OpportunityEvent event) {
        if (event instanceof OpportunityCreated e) {
            return "Created '" + e.title() + "' at " + e.stage() + " for " + e.amount() + assignedBy(e.assignment());
        } else if (event instanceof OpportunityDetailsUpdated) {
            return "Details changed";
        } else if (event instanceof ForecastUpdated e) {
            return "Forecast set to"
                    + (e.probability() == null ? "" : " " + e.probability() + "%")
                    + (e.forecastCategory() == null ? "" : " " + e.forecastCategory());
        } else if (event instanceof ContactLogged e) {
            return e.direction() + " " + e.channel() + ": " + e.summary();
        } else if (event instanceof FollowUpScheduled e) {
            return e.type() + " for " + e.assigneeId() + " due " + e.dueAt() + ": " + e.description();
        } else if (event instanceof FollowUpCompleted e) {
            return "Task " + e.taskId() + " completed" + (e.outcome() == null ? "" : ": " + e.outcome());
        } else if (event instanceof StageChanged e) {
            return (e.direction() == null
                            ? "Moved"
                            : e.direction() == StageDirection.BACKWARD ? "Moved back" : "Moved forward")
                    + " from " + e.fromStage() + " to " + e.toStage()
                    + (e.reason() == null ? "" : " (" + e.reason() + ")");
        } else if (event instanceof OwnerAssigned e) {
            return "Owner " + e.previousOwnerId() + " -> " + e.ownerId()
                    + (e.reason() == null ? "" : " (" + e.reason() + ")")
                    + (e.movedTaskIds() == null || e.movedTaskIds().isEmpty()
                            ? ""
                            : ", " + e.movedTaskIds().size() + " open task(s) moved along")
                    + assignedBy(e.assignment());
        } else if (event instanceof TeamMemberAdded e) {
            return e.memberId() + " joined the team as " + e.role();
        } else if (event instanceof TeamMemberRemoved e) {
            return e.memberId() + " left the team";
        } else if (event instanceof DocumentLinked e) {
            return "Document '" + e.name() + "' linked";
        } else if (event instanceof OpportunityLost e) {
            return "Lost at " + e.stage() + ": " + e.reason()
                    + (e.competitor() == null ? "" : " (to " + e.competitor() + ")");
        } else if (event instanceof OpportunityReopened e) {
            return "Reopened at " + e.stage() + ": " + e.reason();
        } else if (event instanceof OpportunityConverted e) {
            return "Won: converted to deal " + e.dealId() + " for " + e.expectedAmount();
        }
        return event.getClass().getSimpleName();
    }

    /** How the assignment rules or a hand-over chose the owner, in words; empty when a person named them. */
    private static String assignedBy(AssignmentDecision decision) {
        if (decision == null) {
            return "";
        }
        if (decision.queued()) {
            return "; to the unassigned queue: " + decision.tieBreak();
        }
        long passed = decision.passedOver().stream()
                .filter(p -> p.reason() != PassOverReason.NOT_CHOSEN)
                .count();
        return "; assigned to " + (decision.ruleId() == null ? "" : "by rule " + decision.ruleId())
                + (decision.ruleVersion() == null ? "" : " v" + decision.ruleVersion())
                + " (" + decision.strategy() + ", " + decision.candidates().size() + " candidate(s), "
                + passed + " unavailable: " + decision.passedOver() + "): " + decision.tieBreak();
    }
}
