package com.opportunityengine.command.imports.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.common.Ids;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SalesforceImporterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final String OPP_HEADER =
            "Id,Name,AccountId,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon,LeadSource,Type,OwnerId\r\n";
    private static final String HIST_HEADER = "OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability\r\n";

    private static SalesforceImportPlan plan(String opportunities, String history) {
        return SalesforceImporter.plan(
                new StringReader(opportunities), new StringReader(history), StageMapping.standard(), NOW);
    }

    /** An opportunity's commands but its forecasts (which have tests of their own below). */
    private static List<Object> commands(SalesforceImportPlan plan, String sourceId) {
        return allCommands(plan, sourceId).stream()
                .filter(c -> !(c instanceof UpdateForecast))
                .toList();
    }

    private static List<Object> allCommands(SalesforceImportPlan plan, String sourceId) {
        return plan.opportunities().stream()
                .filter(o -> o.sourceId().equals(sourceId))
                .findFirst()
                .orElseThrow()
                .commands();
    }

    private static final String FORECAST_HEADER =
            "OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability,ForecastCategory\r\n";

    private static String described(Object command) {
        if (command instanceof UpdateForecast f) {
            return "forecast " + f.probability() + " " + f.forecastCategory() + " at " + f.occurredAt();
        }
        return command.getClass().getSimpleName();
    }

    @Test
    void theProbabilityAndForecastCategoryBecomeForecastsAtTheirRowsTimeWhenTheyChange() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER
                        + "006A,Acme,001A,Closed Won,5000,USD,2025-03-01,2025-01-05 09:00:00,true,true,Web,New,005X\r\n",
                FORECAST_HEADER
                        + "006A,2025-01-05 09:00:00,Prospecting,4000,2025-02-28,10,Pipeline\r\n"
                        + "006A,2025-01-20 09:00:00,Prospecting,4000,2025-02-28,10,BestCase\r\n"
                        + "006A,2025-01-25 09:00:00,Prospecting,4000,2025-02-28,10.0,Best Case\r\n"
                        + "006A,2025-02-10 10:00:00,Negotiation/Review,5000,2025-03-01,90,Commit\r\n"
                        + "006A,2025-02-20 12:00:00,Closed Won,5000,2025-03-01,100,Closed\r\n");

        assertThat(plan.rejected()).isEmpty();
        assertThat(allCommands(plan, "006A"))
                .extracting(SalesforceImporterTest::described)
                .containsExactly(
                        "CreateOpportunity",
                        "forecast 10 PIPELINE at 2025-01-05T09:00:00Z",
                        // the same probability again: only the category changed
                        "forecast null BEST_CASE at 2025-01-20T09:00:00Z",
                        // 10.0 and "Best Case" are what was imported last: nothing
                        "UpdateOpportunityDetails",
                        "forecast 90 COMMIT at 2025-02-10T10:00:00Z",
                        "AdvanceStage",
                        // known while it was still open: before the win
                        "forecast 100 CLOSED at 2025-02-20T12:00:00Z",
                        "ConvertToDeal");
    }

    @Test
    void aForecastWhileLostWaitsForTheReopeningAndOnlyTheProbabilityColumnMayBeGiven() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER + "006H,,,Needs Analysis,10,USD,2025-05-01,2025-02-01 00:00:00,false,false,,,005X\r\n",
                HIST_HEADER
                        + "006H,2025-01-31 00:00:00,Prospecting,10,,10\r\n"
                        + "006H,2025-02-10 00:00:00,Closed Lost,10,,0\r\n"
                        + "006H,2025-02-15 00:00:00,Closed Lost,10,,5\r\n"
                        + "006H,2025-02-20 00:00:00,Needs Analysis,10,,33.5\r\n");

        assertThat(plan.rejected()).isEmpty();
        assertThat(allCommands(plan, "006H"))
                .extracting(SalesforceImporterTest::described)
                .containsExactly(
                        "CreateOpportunity",
                        "forecast 10 null at 2025-01-31T00:00:00Z",
                        "forecast 0 null at 2025-02-10T00:00:00Z",
                        "MarkLost",
                        "Reopen",
                        // rounded to a whole percent
                        "forecast 34 null at 2025-02-20T00:00:00Z");
    }

    @Test
    void aProbabilityThatIsNoPercentOrAnUnknownForecastCategoryRejectsItsRow() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER + "006A,,,Prospecting,10,USD,2025-05-01,2025-01-01 00:00:00,false,false,,,005X\r\n",
                FORECAST_HEADER
                        + "006A,2025-01-02 00:00:00,Prospecting,10,,101,\r\n"
                        + "006A,2025-01-03 00:00:00,Prospecting,10,,-1,\r\n"
                        + "006A,2025-01-04 00:00:00,Prospecting,10,,likely,\r\n"
                        + "006A,2025-01-05 00:00:00,Prospecting,10,,20,Maybe\r\n"
                        + "006A,2025-01-06 00:00:00,Prospecting,10,,20%,omitted\r\n");

        assertThat(plan.rejected())
                .extracting(r -> r.line() + " " + r.reason())
                .containsExactly(
                        "2 Probability 101 is not a percent from 0 to 100",
                        "3 Probability -1 is not a percent from 0 to 100",
                        "4 unparseable Probability 'likely'",
                        "5 unknown ForecastCategory 'Maybe'");
        assertThat(allCommands(plan, "006A"))
                .extracting(SalesforceImporterTest::described)
                .containsExactly("CreateOpportunity", "forecast 20 OMITTED at 2025-01-06T00:00:00Z");
    }

    @Test
    void replaysStageChangesForwardAndBackWithTheirBusinessTimes() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER
                        + "006A,\"Acme, Inc. renewal\",001A,Closed Won,5000,USD,2025-03-01,2025-01-05 09:00:00,true,true,Web,New,005X\r\n",
                HIST_HEADER
                        + "006A,2025-02-10T10:00:00.000+0000,Negotiation/Review,5000,2025-03-01,90\r\n"
                        + "006A,2025-01-05 09:00:00,Prospecting,4000,2025-02-28,10\r\n"
                        + "006A,2025-01-20 09:00:00,Proposal/Price Quote,4000,2025-02-28,75\r\n"
                        + "006A,2025-01-25 09:00:00,Needs Analysis,4000,2025-02-28,20\r\n"
                        + "006A,2025-02-20 12:00:00,Closed Won,5000,2025-03-01,100\r\n");

        List<Object> c = commands(plan, "006A");
        assertThat(plan.rejected()).isEmpty();
        assertThat(c).hasSize(6);
        CreateOpportunity create = (CreateOpportunity) c.get(0);
        assertThat(create.title()).isEqualTo("Acme, Inc. renewal");
        assertThat(create.stage().value()).isEqualTo("initial-contact");
        assertThat(create.amount().value()).isEqualByComparingTo("4000");
        assertThat(create.occurredAt()).isEqualTo(Instant.parse("2025-01-05T09:00:00Z"));
        assertThat(create.opportunityId().value()).isEqualTo(Ids.nameBased("salesforce-opportunity", "006A"));
        assertThat(((AdvanceStage) c.get(1)).stage().value()).isEqualTo("solution-discussion");
        AdvanceStage back = (AdvanceStage) c.get(2);
        assertThat(back.stage().value()).isEqualTo("needs-confirmed");
        assertThat(back.reason()).isEqualTo(SalesforceImporter.BACKWARD_REASON);
        UpdateOpportunityDetails details = (UpdateOpportunityDetails) c.get(3);
        assertThat(details.amount().value()).isEqualByComparingTo("5000");
        assertThat(details.expectedCloseDate()).hasToString("2025-03-01");
        assertThat(details.occurredAt()).isEqualTo(Instant.parse("2025-02-10T10:00:00Z"));
        assertThat(((AdvanceStage) c.get(4)).stage().value()).isEqualTo("negotiation");
        ConvertToDeal won = (ConvertToDeal) c.get(5);
        assertThat(won.occurredAt()).isEqualTo(Instant.parse("2025-02-20T12:00:00Z"));
        assertThat(won.expectedAmount().value()).isEqualByComparingTo("5000");
        assertThat(plan.customers())
                .singleElement()
                .satisfies(r -> assertThat(r.customerId()).isEqualTo(create.customerId()));
    }

    @Test
    void aDealCreatedAtALateStageWithNoOpRowsAndSkippedStagesImportsCleanly() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER
                        + "006B,,001B,Closed Lost,100,EUR,2025-04-01,2025-03-01T08:00:00Z,true,false,,,005X\r\n"
                        + "006C,,001B,Negotiation/Review,900000,CNY,2025-08-01,2025-03-02T08:00:00Z,false,false,,,005Y\r\n",
                HIST_HEADER
                        + "006B,2025-03-01T08:00:00Z,Negotiation/Review,100,2025-04-01,90\r\n"
                        + "006B,2025-03-05T08:00:00Z,Negotiation/Review,100,2025-04-01,90\r\n"
                        + "006B,2025-03-20T08:00:00Z,Closed Lost,100,2025-04-01,0\r\n"
                        + "006C,2025-03-02T08:00:00Z,Prospecting,900000,2025-08-01,10\r\n"
                        + "006C,2025-03-10T08:00:00Z,Negotiation/Review,900000,2025-08-01,90\r\n");

        List<Object> b = commands(plan, "006B");
        assertThat(b).hasSize(2);
        assertThat(((CreateOpportunity) b.get(0)).stage().value()).isEqualTo("negotiation");
        assertThat(((CreateOpportunity) b.get(0)).amount().currency().getCurrencyCode())
                .isEqualTo("EUR");
        assertThat(((MarkLost) b.get(1)).occurredAt()).isEqualTo(Instant.parse("2025-03-20T08:00:00Z"));
        List<Object> c = commands(plan, "006C");
        assertThat(c).hasSize(2);
        assertThat(((CreateOpportunity) c.get(0)).amount().currency().getCurrencyCode())
                .isEqualTo("CNY");
        assertThat(((AdvanceStage) c.get(1)).stage().value()).isEqualTo("negotiation");
        assertThat(((AdvanceStage) c.get(1)).reason()).isNull();
        assertThat(plan.rejected()).isEmpty();
        assertThat(plan.rowsRead()).isEqualTo(7);
    }

    @Test
    void rowsThatCannotBeUsedAreRejectedWithTheirLineAndReason() {
        SalesforceImportPlan plan = plan(
                "\uFEFF" + OPP_HEADER
                        + "006D,,,Prospecting,10,USD,2025-05-01,2025-01-01,false,false,,,005X\r\n"
                        + "006E,,,Mystery Stage,10,USD,2025-05-01,2025-01-01,false,false,,,005X\r\n"
                        + "006F,,,Prospecting,10,USD,2025-05-01,yesterday,false,false,,,005X\r\n"
                        + "006G,,,Prospecting,10,EURO,2025-05-01,2025-01-01,false,false,,,005X\r\n",
                HIST_HEADER
                        + "006D,2025-01-03,Qualification,10,,\r\n"
                        + "006Z,2025-01-03,Qualification,10,,\r\n"
                        + "006D,not a date,Qualification,10,,\r\n"
                        + "006D,2025-01-04,Another Mystery,10,,\r\n"
                        + "006D,2030-01-04,Needs Analysis,10,,\r\n");

        assertThat(plan.opportunities())
                .extracting(ImportedOpportunity::sourceId)
                .containsExactly("006D");
        assertThat(plan.rejected())
                .extracting(RejectedRow::file, RejectedRow::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Opportunity.csv", 3L),
                        org.assertj.core.groups.Tuple.tuple("Opportunity.csv", 4L),
                        org.assertj.core.groups.Tuple.tuple("Opportunity.csv", 5L),
                        org.assertj.core.groups.Tuple.tuple("OpportunityHistory.csv", 3L),
                        org.assertj.core.groups.Tuple.tuple("OpportunityHistory.csv", 4L),
                        org.assertj.core.groups.Tuple.tuple("OpportunityHistory.csv", 5L),
                        org.assertj.core.groups.Tuple.tuple("OpportunityHistory.csv", 6L));
        assertThat(plan.rejected().get(0).reason()).contains("unknown stage 'Mystery Stage'");
        assertThat(plan.rejected().get(3).reason()).contains("unknown opportunity 006Z");
        assertThat(plan.rejected().get(6).reason()).contains("future");
        // Qualification maps onto the same stage as Prospecting: nothing to replay
        assertThat(commands(plan, "006D")).hasSize(1);
    }

    @Test
    void aLossReopenedInTheHistoryIsReopenedAndTimesNeverGoBack() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER + "006H,,,Needs Analysis,10,USD,2025-05-01,2025-02-01 00:00:00,false,false,,,005X\r\n",
                HIST_HEADER
                        + "006H,2025-01-31 00:00:00,Prospecting,10,,\r\n"
                        + "006H,2025-02-10 00:00:00,Closed Lost,10,,\r\n"
                        + "006H,2025-02-20 00:00:00,Needs Analysis,10,,\r\n");

        List<Object> c = commands(plan, "006H");
        assertThat(c).hasSize(3);
        assertThat(((CreateOpportunity) c.get(0)).occurredAt()).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(c.get(1)).isInstanceOf(MarkLost.class);
        Reopen reopen = (Reopen) c.get(2);
        assertThat(reopen.stage().value()).isEqualTo("needs-confirmed");
    }

    @Test
    void withoutHistoryTheOpportunityRowAloneIsReplayedToItsClose() {
        SalesforceImportPlan plan = plan(
                OPP_HEADER + "006K,,,Closed Won,70,USD,2025-02-15,2025-01-10 00:00:00,true,true,,,005X\r\n",
                HIST_HEADER);

        List<Object> c = commands(plan, "006K");
        assertThat(((CreateOpportunity) c.get(0)).stage().value()).isEqualTo("negotiation");
        ConvertToDeal won = (ConvertToDeal) c.get(1);
        assertThat(won.occurredAt()).isEqualTo(Instant.parse("2025-02-15T00:00:00Z"));
        assertThat(won.dealId().value()).isEqualTo(Ids.nameBased("salesforce-deal", "006K"));
    }

    @Test
    void theSameFilesGiveTheSameCommands() {
        String opp = OPP_HEADER + "006A,,001A,Prospecting,5,USD,2025-03-01,2025-01-05 09:00:00,false,false,,,005X\r\n";
        assertThat(plan(opp, HIST_HEADER)).isEqualTo(plan(opp, HIST_HEADER));
    }

    @Test
    void rowsBeyondTheLimitsOfAnHttpRequestAreRejectedNotImported() {
        String longName = "n".repeat(10 * 1024 * 1024);
        String fortyDigits = "1".repeat(40);
        SalesforceImportPlan plan = plan(
                OPP_HEADER
                        + "006A," + longName
                        + ",001A,Prospecting,100,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n"
                        + "006B,Big,001A,Prospecting," + fortyDigits
                        + ",USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n"
                        + "006C,Fine,001A,Prospecting,100.12345,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n"
                        + "006D,Huge exponent,001A,Prospecting,1e999999999,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n"
                        + "006E,Long source,001A,Prospecting,100,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,"
                        + "s".repeat(101) + ",,005X\r\n"
                        + "006F,Kept,001A,Prospecting,100,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n"
                        + "006" + "x".repeat(200)
                        + ",Long id,001A,Prospecting,100,USD,2025-08-01,2025-03-01T08:00:00Z,false,false,,,005X\r\n",
                HIST_HEADER + "006F,2025-03-02T08:00:00Z,Needs Analysis," + fortyDigits + ",2025-08-01,20\r\n");

        assertThat(plan.opportunities())
                .extracting(ImportedOpportunity::sourceId)
                .containsExactly("006F");
        assertThat(commands(plan, "006F")).hasSize(1);
        assertThat(plan.rejected())
                .extracting(r -> r.file() + ":" + r.line())
                .containsExactly(
                        "Opportunity.csv:2",
                        "Opportunity.csv:3",
                        "Opportunity.csv:4",
                        "Opportunity.csv:5",
                        "Opportunity.csv:6",
                        "Opportunity.csv:8",
                        "OpportunityHistory.csv:2");
        assertThat(plan.rejected().get(0).reason()).contains("Name").contains("at most 200");
        assertThat(plan.rejected()).allSatisfy(r -> assertThat(r.reason()).hasSizeLessThan(300));
    }
}
