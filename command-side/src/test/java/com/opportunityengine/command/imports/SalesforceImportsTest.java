package com.opportunityengine.command.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.imports.salesforce.StageMapping;
import com.opportunityengine.command.users.KnownUsers;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Ids;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.SecurityEpoch;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The background import: rule refusals become rejected rows, existing opportunities are skipped, status is kept. */
class SalesforceImportsTest {

    private static final String OPPORTUNITIES = """
            Id,AccountId,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon
            006A,001X,Acme,Needs Analysis,100,USD,2025-04-01,2025-01-10T09:00:00Z,false,false
            006B,001X,Beta,Prospecting,100,USD,2025-04-01,2025-01-11T09:00:00Z,false,false
            """;
    private static final String HISTORY = """
            OpportunityId,CreatedDate,StageName,Amount,CloseDate
            006A,2025-01-10T09:00:00Z,Prospecting,100,2025-04-01
            006A,2025-02-10T09:00:00Z,Needs Analysis,100,2025-04-01
            """;

    private MongoServer server;
    private MongoClient client;
    private final List<Object> sent = new ArrayList<>();
    private final List<String> existing = new ArrayList<>();
    private final java.util.Map<String, List<Object>> histories = new java.util.HashMap<>();
    private boolean refuseAdvance = true;
    private SalesforceImports imports;
    private UserDirectory users;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        CommandGateway gateway = mock(CommandGateway.class);
        when(gateway.sendAndWait(any(), any(MetaData.class), anyLong(), any(TimeUnit.class)))
                .thenAnswer(call -> {
                    Object command = call.getArgument(0);
                    sent.add(command);
                    if (command instanceof AdvanceStage && refuseAdvance) {
                        throw new CommandExecutionException(
                                "refused",
                                null,
                                new BusinessError(ErrorCode.OCCURRED_BEFORE_PREVIOUS_EVENT, "too early"));
                    }
                    return 0L;
                });
        AggregateDirectory directory = new AggregateDirectory() {
            @Override
            public boolean exists(String id, String type) {
                return existing.contains(id);
            }

            @Override
            public List<Object> history(String id) {
                return histories.getOrDefault(id, List.of());
            }
        };
        users = new UserDirectory(client.getDatabase("imports-test"));
        imports = new SalesforceImports(
                client.getDatabase("imports-test"),
                gateway,
                directory,
                new KnownUsers(users, new SecurityEpoch(client.getDatabase("imports-test")), true),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        imports.destroy();
        client.close();
        server.shutdownNow();
    }

    private ImportStatus run() throws InterruptedException {
        return run(OPPORTUNITIES);
    }

    private ImportStatus run(String opportunities) throws InterruptedException {
        return run(opportunities, HISTORY);
    }

    private ImportStatus run(String opportunities, String history) throws InterruptedException {
        String id = imports.start(
                opportunities.getBytes(StandardCharsets.UTF_8),
                history.getBytes(StandardCharsets.UTF_8),
                StageMapping.standard(),
                "tester");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ImportStatus status = imports.find(id).orElseThrow();
        while ("RUNNING".equals(status.status()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = imports.find(id).orElseThrow();
        }
        return status;
    }

    @Test
    void aCommandRefusedByARuleIsARejectedRowAndTheImportFinishes() throws InterruptedException {
        ImportStatus status = run();
        assertThat(status.status()).isEqualTo("DONE");
        assertThat(status.rowsRead()).isEqualTo(4);
        assertThat(status.opportunitiesCreated()).isEqualTo(2);
        assertThat(status.customersCreated()).isEqualTo(1);
        assertThat(status.rejected()).singleElement().satisfies(row -> {
            assertThat(row.file()).isEqualTo("Opportunity.csv");
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.reason()).contains("006A", "AdvanceStage", "OCCURRED_BEFORE_PREVIOUS_EVENT");
        });
    }

    /** The event the create appended, as the stream would hold it. */
    private static OpportunityCreated created(CreateOpportunity c) {
        return new OpportunityCreated(
                c.opportunityId(),
                c.title(),
                c.description(),
                c.customerId(),
                c.source(),
                c.amount(),
                c.expectedCloseDate(),
                c.ownerId(),
                c.pipeline(),
                c.stage(),
                1,
                c.relatedOpportunityIds(),
                c.occurredAt());
    }

    private CreateOpportunity sentCreate(String sourceId) {
        String id = Ids.nameBased("salesforce-opportunity", sourceId).toString();
        return sent.stream()
                .filter(c -> c instanceof CreateOpportunity create
                        && create.opportunityId().toString().equals(id))
                .map(CreateOpportunity.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private void exists(String sourceId, Object... events) {
        String id = Ids.nameBased("salesforce-opportunity", sourceId).toString();
        existing.add(id);
        histories.put(id, List.of(events));
    }

    @Test
    void opportunitiesAndAccountsThatExistAlreadyAreSkipped() throws InterruptedException {
        run();
        exists("006A", created(sentCreate("006A")));
        sent.clear();
        existing.add(Ids.nameBased("salesforce-account", "001X").toString());
        ImportStatus again = run();
        assertThat(again.opportunitiesCreated()).isEqualTo(1);
        assertThat(again.opportunitiesSkipped()).isEqualTo(1);
        assertThat(again.opportunitiesResumed()).isZero();
        assertThat(again.customersCreated()).isZero();
        // 006A's advance, refused the first time, is sent again on the same state and refused again, as in a clean
        // import of these files
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isInstanceOf(AdvanceStage.class);
        assertThat(again.rejectedCount()).isEqualTo(1);
    }

    @Test
    void aForecastTheCutImportHadAppendedIsNotSentAgainAndTheRestIsResumed() throws InterruptedException {
        refuseAdvance = false;
        String history = """
                OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability,ForecastCategory
                006A,2025-01-10T09:00:00Z,Prospecting,100,2025-04-01,10,Pipeline
                006A,2025-02-10T09:00:00Z,Needs Analysis,100,2025-04-01,20,Best Case
                """;
        ImportStatus first = run(OPPORTUNITIES, history);
        assertThat(first.rejectedCount()).isZero();
        CreateOpportunity create = sentCreate("006A");
        List<Object> planned = sent.subList(sent.indexOf(create), sent.indexOf(create) + 4);
        assertThat(planned.get(1))
                .isEqualTo(new UpdateForecast(
                        create.opportunityId(),
                        10,
                        ForecastCategory.PIPELINE,
                        Instant.parse("2025-01-10T09:00:00Z"),
                        null));
        assertThat(planned.get(2))
                .isEqualTo(new UpdateForecast(
                        create.opportunityId(),
                        20,
                        ForecastCategory.BEST_CASE,
                        Instant.parse("2025-02-10T09:00:00Z"),
                        null));
        assertThat(planned.get(3)).isInstanceOf(AdvanceStage.class);
        List<Object> rest = List.copyOf(planned.subList(2, 4));
        // 006A was cut after its first forecast; 006B is complete
        exists(
                "006A",
                created(create),
                new ForecastUpdated(
                        create.opportunityId(), 10, ForecastCategory.PIPELINE, Instant.parse("2025-01-10T09:00:00Z")));
        exists("006B", created(sentCreate("006B")));
        existing.add(Ids.nameBased("salesforce-account", "001X").toString());
        sent.clear();

        ImportStatus again = run(OPPORTUNITIES, history);

        assertThat(again.status()).isEqualTo("DONE");
        assertThat(sent).isEqualTo(rest);
        assertThat(again.opportunitiesResumed()).isEqualTo(1);
        assertThat(again.opportunitiesSkipped()).isEqualTo(1);
        assertThat(again.rejectedCount()).isZero();
    }

    @Test
    void anOpportunityAnInterruptedImportCutShortIsCompletedAndCountedAsResumed() throws InterruptedException {
        refuseAdvance = false;
        ImportStatus first = run();
        assertThat(first.rejectedCount()).isZero();
        CreateOpportunity create = sentCreate("006A");
        AdvanceStage advance = (AdvanceStage) sent.get(sent.indexOf(create) + 1);
        // 006A was cut after its creation; 006B is complete
        exists("006A", created(create));
        exists("006B", created(sentCreate("006B")));
        existing.add(Ids.nameBased("salesforce-account", "001X").toString());
        sent.clear();
        ImportStatus again = run();
        assertThat(again.status()).isEqualTo("DONE");
        assertThat(sent).containsExactly(advance);
        assertThat(again.opportunitiesResumed()).isEqualTo(1);
        assertThat(again.opportunitiesSkipped()).isEqualTo(1);
        assertThat(again.opportunitiesCreated()).isZero();
        assertThat(again.rejectedCount()).isZero();
    }

    @Test
    void anOwnerIdThatNamesNoUserOfTheEngineBecomesTheImportOwnerWhichIsRegisteredAsAUser()
            throws InterruptedException {
        users.create(new User("alice", "Alice", Set.of(Role.SALES_REP), null, Instant.parse("2025-01-01T00:00:00Z")));
        ImportStatus status = run("""
                Id,AccountId,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,IsClosed,IsWon,OwnerId
                006K,001X,Known,Prospecting,100,USD,2025-04-01,2025-01-10T09:00:00Z,false,false,alice
                006U,001X,Unknown,Prospecting,100,USD,2025-04-01,2025-01-10T09:00:00Z,false,false,005Xunknown
                006M,001X,Malformed,Prospecting,100,USD,2025-04-01,2025-01-10T09:00:00Z,false,false,not a user id!
                006N,001X,None,Prospecting,100,USD,2025-04-01,2025-01-10T09:00:00Z,false,false,
                """);
        assertThat(status.status()).isEqualTo("DONE");
        assertThat(sent)
                .filteredOn(CreateOpportunity.class::isInstance)
                .extracting(c -> ((CreateOpportunity) c).title() + "=" + ((CreateOpportunity) c).ownerId())
                .containsExactly(
                        "Known=alice",
                        "Unknown=salesforce-import",
                        "Malformed=salesforce-import",
                        "None=salesforce-import");
        assertThat(users.find("salesforce-import"))
                .hasValueSatisfying(user -> assertThat(user.roles()).isEmpty());
    }
}
