package com.opportunityengine.query.opportunity;

import com.opportunityengine.query.support.OpportunityStory;
import org.junit.jupiter.api.Test;

import static com.opportunityengine.query.support.OpportunityStory.anOpportunity;
import static com.opportunityengine.query.support.OpportunityStory.at;
import static org.assertj.core.api.Assertions.assertThat;

class TimelineEntriesTest {

    @Test
    void aBackwardStageMoveSaysSoAndKeepsItsReason() {
        OpportunityStory story = anOpportunity();
        story.created("ERP", "100", "li.wei", at("2026-01-05T09:00:00Z"));
        story.movedTo(3, null, at("2026-01-06T09:00:00Z"));
        var back = story.movedTo(2, "budget freeze", at("2026-01-07T09:00:00Z"));

        TimelineEntry entry = TimelineEntries.of(back, 2);

        assertThat(entry.type()).isEqualTo("STAGE_CHANGED");
        assertThat(entry.summary()).startsWith("Moved back from solution-discussion to needs-confirmed");
        assertThat(entry.details()).containsEntry("direction", "BACKWARD").containsEntry("reason", "budget freeze")
                .containsEntry("toStage", "needs-confirmed").doesNotContainKey("opportunityId");
        assertThat(entry.occurredAt()).isEqualTo(at("2026-01-07T09:00:00Z"));
        assertThat(entry.sequence()).isEqualTo(2);
    }

    @Test
    void moneyInDetailsIsADecimalString() {
        OpportunityStory story = anOpportunity();
        var created = story.created("ERP", "125000.00", "li.wei", at("2026-01-05T09:00:00Z"));

        TimelineEntry entry = TimelineEntries.of(created, 0);

        assertThat(entry.type()).isEqualTo("CREATED");
        assertThat(entry.details().get("amount"))
                .isEqualTo(java.util.Map.of("value", "125000.00", "currency", "CNY"));
        assertThat(entry.details()).containsEntry("expectedCloseDate", "2026-12-31");
    }
}
