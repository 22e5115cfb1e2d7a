package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.TestTime.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.imports.salesforce.ImportResume;
import com.opportunityengine.command.imports.salesforce.ImportedOpportunity;
import com.opportunityengine.command.imports.salesforce.SalesforceImportPlan;
import com.opportunityengine.command.imports.salesforce.SalesforceImporter;
import com.opportunityengine.command.imports.salesforce.StageMapping;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.StageCode;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An import cut short (the process killed between two commands) and then resumed with {@link ImportResume} leaves
 * every opportunity's stream equal to a clean import of the same export: the same events in the same order, none
 * twice. Real Axon repositories on in-memory stores, one for the clean import and one for the cut one.
 */
class ImportResumeThroughAxonTest {

    private static final String OPPORTUNITIES = """
            Id,AccountId,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon,OwnerId
            006A,001X,Won after a move back,Closed Won,120000,USD,2025-04-01,2025-01-10T09:00:00Z,true,true,005ALICE
            006B,001Y,Lost,Closed Lost,80000,CNY,2025-03-20,2025-01-12T10:00:00Z,true,false,005BOB
            006C,001X,Lost then reopened and won,Closed Won,45000,EUR,2025-03-15,2025-01-20T08:30:00Z,true,true,005BOB
            006D,001Z,Still open,Negotiation/Review,15000,USD,2025-09-30,2025-02-10T09:00:00Z,false,false,005BOB
            """;
    private static final String HISTORY = """
            OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability,ForecastCategory
            006A,2025-01-10T09:00:00Z,Prospecting,100000,2025-04-01,10,Pipeline
            006A,2025-02-01T09:00:00Z,Proposal/Price Quote,100000,2025-04-01,75,BestCase
            006A,2025-02-15T09:00:00Z,Needs Analysis,110000,2025-04-01,75,Pipeline
            006A,2025-03-15T09:00:00Z,Negotiation/Review,120000,2025-04-10,90,Commit
            006A,2025-04-01T09:00:00Z,Closed Won,120000,2025-04-01,100,Closed
            006B,2025-01-12T10:00:00Z,Prospecting,80000,2025-03-20,10,Pipeline
            006B,2025-01-20T10:00:00Z,Needs Analysis,80000,2025-03-20,20,Pipeline
            006B,2025-03-20T10:00:00Z,Closed Lost,80000,2025-03-20,0,Omitted
            006C,2025-01-20T08:30:00Z,Prospecting,45000,2025-03-15,10,
            006C,2025-02-05T08:30:00Z,Closed Lost,45000,2025-03-15,0,
            006C,2025-02-20T08:30:00Z,Needs Analysis,45000,2025-03-15,20,
            006C,2025-03-15T08:30:00Z,Closed Won,45000,2025-03-15,100,
            006D,2025-02-10T09:00:00Z,Prospecting,15000,2025-09-30,,
            006D,2025-03-05T09:00:00Z,Needs Analysis,12000,2025-10-30,20,Pipeline
            006D,2025-04-05T09:00:00Z,Negotiation/Review,15000,2025-09-30,90,Commit
            """;

    private final List<Configuration> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Configuration::shutdown);
    }

    private Configuration axon(SalesforceImportPlan plan) {
        FakeDirectory directory = new FakeDirectory();
        for (RegisterCustomer customer : plan.customers()) {
            directory.with(AggregateDirectory.CUSTOMER, customer.customerId());
        }
        Configuration axon = AxonOnMemory.opportunitiesAndDeals(directory).buildConfiguration();
        axon.start();
        started.add(axon);
        return axon;
    }

    private static SalesforceImportPlan plan() {
        return SalesforceImporter.plan(
                new StringReader(OPPORTUNITIES), new StringReader(HISTORY), StageMapping.standard(), NOW);
    }

    private static List<Object> stream(Configuration axon, Object id) {
        return axon.eventStore()
                .readEvents(id.toString())
                .asStream()
                .map(DomainEventMessage::getPayload)
                .<Object>map(p -> p)
                .toList();
    }

    /** Sends the commands, a refusal by a business rule appending nothing (as the import treats it). */
    private static int send(Configuration axon, List<Object> commands) {
        int refused = 0;
        for (Object command : commands) {
            try {
                axon.commandGateway().sendAndWait(command);
            } catch (BusinessRuleException | CommandExecutionException e) {
                refused++;
            }
        }
        return refused;
    }

    @Test
    void everyCutAfterTheCreationResumesToTheCleanImport() {
        SalesforceImportPlan plan = plan();
        assertThat(plan.opportunities()).hasSize(4);
        // the people's probabilities and forecast categories are commands (and events) of the import too
        assertThat(plan.opportunities().stream()
                        .flatMap(o -> o.commands().stream())
                        .filter(com.opportunityengine.events.opportunity.UpdateForecast.class::isInstance))
                .hasSize(14);
        Configuration clean = axon(plan);
        for (ImportedOpportunity o : plan.opportunities()) {
            assertThat(send(clean, o.commands())).isZero();
        }
        for (ImportedOpportunity o : plan.opportunities()) {
            List<Object> commands = o.commands();
            assertThat(commands.size()).isGreaterThan(2);
            for (int cut = 1; cut <= commands.size(); cut++) {
                Configuration crashed = axon(plan);
                send(crashed, commands.subList(0, cut));
                ImportResume resume = ImportResume.of(commands, stream(crashed, o.opportunityId()));
                assertThat(resume.resumeAt())
                        .as("cut after %d of %s", cut, o.sourceId())
                        .isEqualTo(cut);
                assertThat(resume.refusedBefore()).isEmpty();
                assertThat(resume.complete(commands)).isEqualTo(cut == commands.size());
                send(crashed, commands.subList(resume.resumeAt(), commands.size()));
                assertThat(stream(crashed, o.opportunityId()))
                        .as("cut after %d of %s", cut, o.sourceId())
                        .isEqualTo(stream(clean, o.opportunityId()));
                crashed.shutdown();
                started.remove(crashed);
            }
        }
    }

    @Test
    void aCommandTheCutImportHadRefusedIsNotSentAgainAndTheRestResumes() {
        OpportunityId id = OpportunityId.random();
        Instant t = Instant.parse("2025-01-10T09:00:00Z");
        SalesforceImportPlan plan = plan();
        Object create = plan.opportunities().get(3).commands().get(0);
        CreateOpportunity c = (CreateOpportunity) create;
        List<Object> commands = List.of(
                new CreateOpportunity(
                        id,
                        c.title(),
                        null,
                        c.customerId(),
                        c.source(),
                        c.amount(),
                        c.expectedCloseDate(),
                        c.ownerId(),
                        c.pipeline(),
                        c.stage(),
                        List.of(),
                        t),
                new AdvanceStage(id, new StageCode("needs-confirmed"), null, t.plusSeconds(60), null),
                // before the previous event: refused, appends nothing
                new AdvanceStage(id, new StageCode("negotiation"), null, t, null),
                new UpdateOpportunityDetails(id, null, null, null, null, "web", null, t.plusSeconds(120), null),
                new MarkLost(id, "lost", null, t.plusSeconds(180), null),
                new Reopen(id, "back", new StageCode("initial-contact"), t.plusSeconds(240), null),
                new ConvertToDeal(id, null, null, null, t.plusSeconds(300), null));
        Configuration clean = axon(plan);
        assertThat(send(clean, commands)).isEqualTo(1);

        Configuration crashed = axon(plan);
        assertThat(send(crashed, commands.subList(0, 4))).isEqualTo(1);
        ImportResume resume = ImportResume.of(commands, stream(crashed, id));
        assertThat(resume.refusedBefore()).containsExactly(commands.get(2));
        assertThat(resume.resumeAt()).isEqualTo(4);
        assertThat(send(crashed, commands.subList(4, commands.size()))).isZero();
        List<Object> resumed = stream(crashed, id);
        List<Object> expected = stream(clean, id);
        assertThat(resumed.stream().map(Object::getClass).toList())
                .isEqualTo(expected.stream().map(Object::getClass).toList());
        // the deal ids are random here (no id in the command); everything else is equal
        assertThat(resumed.stream()
                        .filter(e -> !(e instanceof OpportunityConverted))
                        .toList())
                .isEqualTo(expected.stream()
                        .filter(e -> !(e instanceof OpportunityConverted))
                        .toList());
    }
}
