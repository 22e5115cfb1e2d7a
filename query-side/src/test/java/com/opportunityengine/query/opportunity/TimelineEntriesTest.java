package com.opportunityengine.query.opportunity;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.testing.OpportunityHistory;
import org.junit.jupiter.api.Test;

class TimelineEntriesTest {

    @Test
    void aBackwardStageMoveSaysSoAndKeepsItsReason() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.movedTo(3, null, at("2026-01-06T09:00:00Z"));
        var back = story.movedTo(2, "budget freeze", at("2026-01-07T09:00:00Z")).last();

        TimelineEntry entry = TimelineEntries.of(back, 2);

        assertThat(entry.type()).isEqualTo("STAGE_CHANGED");
        assertThat(entry.summary()).startsWith("Moved back from solution-discussion to needs-confirmed");
        assertThat(entry.details())
                .containsEntry("direction", "BACKWARD")
                .containsEntry("reason", "budget freeze")
                .containsEntry("toStage", "needs-confirmed")
                .doesNotContainKey("opportunityId");
        assertThat(entry.occurredAt()).isEqualTo(at("2026-01-07T09:00:00Z"));
        assertThat(entry.sequence()).isEqualTo(2);
    }

    @Test
    void aPersonsForecastIsATimelineEntryWithItsProbabilityAndCategory() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        var forecast = story.forecast(
                        60,
                        com.opportunityengine.events.opportunity.ForecastCategory.BEST_CASE,
                        at("2026-01-06T09:00:00Z"))
                .last();

        TimelineEntry entry = TimelineEntries.of(forecast, 1);

        assertThat(entry.type()).isEqualTo("FORECAST_UPDATED");
        assertThat(entry.event()).isEqualTo("ForecastUpdated");
        assertThat(entry.summary()).isEqualTo("Forecast set to 60% BEST_CASE");
        assertThat(entry.details())
                .containsEntry("probability", 60)
                .containsEntry("forecastCategory", "BEST_CASE")
                .doesNotContainKey("opportunityId");
        assertThat(entry.occurredAt()).isEqualTo(at("2026-01-06T09:00:00Z"));
    }

    @Test
    void moneyInDetailsIsADecimalString() {
        OpportunityHistory story = anOpportunity();
        var created = story.titled("ERP")
                .worth("125000.00", "CNY")
                .ownedBy("li.wei")
                .expectedToCloseOn("2026-12-31")
                .created(at("2026-01-05T09:00:00Z"))
                .last();

        TimelineEntry entry = TimelineEntries.of(created, 0);

        assertThat(entry.type()).isEqualTo("CREATED");
        assertThat(entry.details().get("amount")).isEqualTo(java.util.Map.of("value", "125000.00", "currency", "CNY"));
        assertThat(entry.details()).containsEntry("expectedCloseDate", "2026-12-31");
    }

    @Test
    void anEmailsStepsAreTimelineEntriesThatNameNoAddress() {
        var opportunity =
                com.opportunityengine.events.opportunity.OpportunityId.of("00000000-0000-4000-8000-000000000001");
        var email = com.opportunityengine.events.email.EmailId.of("00000000-0000-4000-8000-0000000000e1");
        TimelineEntry requested = TimelineEntries.ofEmail(
                new com.opportunityengine.events.email.EmailRequested(
                        opportunity,
                        email,
                        "t-1",
                        2,
                        "sha256:abc",
                        com.opportunityengine.events.email.RecipientSource.CUSTOMER,
                        com.opportunityengine.events.common.UserId.of("ann"),
                        "f00d",
                        null,
                        at("2026-01-05T09:00:00Z")),
                4);
        assertThat(requested.type()).isEqualTo("EMAIL_REQUESTED");
        assertThat(requested.summary()).isEqualTo("Email requested from template t-1 v2");
        assertThat(requested.details()).containsEntry("recipient", "sha256:abc").containsEntry("templateVersion", 2);
        assertThat(requested.sequence()).isEqualTo(4);

        com.opportunityengine.events.email.SequenceStep step = new com.opportunityengine.events.email.SequenceStep(
                com.opportunityengine.events.email.SequenceId.of("5e000000-0000-4000-8000-000000000001"), 3, 1, 2);
        TimelineEntry stepRequested = TimelineEntries.ofEmail(
                new com.opportunityengine.events.email.EmailRequested(
                        opportunity,
                        step.emailId(opportunity),
                        "t-1",
                        2,
                        "sha256:abc",
                        com.opportunityengine.events.email.RecipientSource.CUSTOMER,
                        com.opportunityengine.events.common.UserId.of("ann"),
                        "f00d",
                        null,
                        at("2026-01-05T09:00:00Z"),
                        step),
                5);
        assertThat(stepRequested.summary())
                .isEqualTo("Email requested from template t-1 v2, step 2 of email sequence "
                        + "5e000000-0000-4000-8000-000000000001 v3");
        assertThat(stepRequested.details()).containsKey("sequenceStep");

        TimelineEntry bounced = TimelineEntries.ofEmail(
                new com.opportunityengine.events.email.EmailBounced(
                        opportunity,
                        email,
                        com.opportunityengine.events.email.BounceType.HARD,
                        "5.1.1",
                        "failed",
                        at("2026-01-05T10:00:00Z")),
                6);
        assertThat(bounced.type()).isEqualTo("EMAIL_BOUNCED");
        assertThat(bounced.summary()).isEqualTo("Email bounced (HARD 5.1.1)");
    }
}
