package com.opportunityengine.command.imports;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.imports.salesforce.ImportResume;
import com.opportunityengine.command.imports.salesforce.ImportedOpportunity;
import com.opportunityengine.command.imports.salesforce.RejectedRow;
import com.opportunityengine.command.imports.salesforce.SalesforceImportPlan;
import com.opportunityengine.command.imports.salesforce.SalesforceImporter;
import com.opportunityengine.command.imports.salesforce.StageMapping;
import com.opportunityengine.command.users.KnownUsers;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.platform.MetaDataKeys;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs Salesforce imports in the background, one at a time: plans the commands
 * ({@link SalesforceImporter#plan}), then sends them through the {@link CommandGateway} with their original
 * business times, each opportunity's commands in order. Idempotent by source ids: ids are name-based on the
 * Salesforce ids, and an account that already exists is skipped. An opportunity that already exists is compared with
 * the plan ({@link ImportResume}): one an earlier import completed is skipped, one it cut short (a kill -9, a restart)
 * gets the commands its stream does not hold yet, so importing the same files again completes what was cut and
 * creates nothing twice. A command refused by a business rule becomes a rejected row and the import goes on; anything
 * else (the store failing) fails the import. Every event carries the import id as its correlation id.
 */
@Component
class SalesforceImports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SalesforceImports.class);
    static final String OPPORTUNITIES = "Opportunity.csv";
    private static final int PROGRESS_EVERY = 50;

    private final ImportRecords records;
    private final CommandGateway gateway;
    private final AggregateDirectory directory;
    private final KnownUsers users;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "salesforce-import");
        thread.setDaemon(true);
        return thread;
    });

    SalesforceImports(
            MongoDatabase database,
            CommandGateway gateway,
            AggregateDirectory directory,
            KnownUsers users,
            Clock clock,
            @Value("${engine.web.command-timeout:30s}") Duration timeout) {
        this.records = new ImportRecords(database);
        this.gateway = gateway;
        this.directory = directory;
        this.users = users;
        this.clock = clock;
        this.timeout = timeout;
        records.failInterrupted(clock.instant());
    }

    /** Records the import as RUNNING (durably) and queues it; returns its id. */
    String start(byte[] opportunities, byte[] history, StageMapping mapping, String actor) {
        String importId = UUID.randomUUID().toString();
        records.start(importId, "salesforce", actor, clock.instant());
        executor.submit(() -> run(importId, opportunities, history, mapping, actor));
        return importId;
    }

    Optional<ImportStatus> find(String importId) {
        return records.find(importId);
    }

    private void run(String importId, byte[] opportunities, byte[] history, StageMapping mapping, String actor) {
        ImportProgress progress = new ImportProgress(importId);
        try {
            SalesforceImportPlan plan;
            try (Reader opps = reader(opportunities);
                    Reader hist = reader(history)) {
                plan = SalesforceImporter.plan(opps, hist, mapping, clock.instant(), users::known);
            }
            if (plan.opportunities().stream()
                    .flatMap(o -> o.commands().stream())
                    .anyMatch(c -> c instanceof CreateOpportunity create
                            && SalesforceImporter.IMPORT_OWNER.equals(create.ownerId()))) {
                // the owner of what names no user of the engine is one, so that no opportunity has an unknown owner
                users.registerIfMissing(SalesforceImporter.IMPORT_OWNER, "Salesforce import", clock.instant());
            }
            progress.rowsRead = plan.rowsRead();
            plan.rejected().forEach(progress::reject);
            MetaData metaData = MetaData.from(Map.of(
                    MetaDataKeys.CORRELATION_ID,
                    importId,
                    MetaDataKeys.ACTOR,
                    actor,
                    MetaDataKeys.IMPORT_ID,
                    importId));
            for (RegisterCustomer customer : plan.customers()) {
                if (directory.exists(customer.customerId().toString(), AggregateDirectory.CUSTOMER)) {
                    continue;
                }
                Optional<String> refused = send(customer, metaData);
                if (refused.isPresent()) {
                    progress.reject(
                            new RejectedRow(OPPORTUNITIES, 0, "account " + customer.name() + ": " + refused.get()));
                } else {
                    progress.customersCreated++;
                }
            }
            records.progress(progress);
            int done = 0;
            for (ImportedOpportunity opportunity : plan.opportunities()) {
                replay(opportunity, metaData, progress);
                if (++done % PROGRESS_EVERY == 0) {
                    records.progress(progress);
                }
            }
            records.finish(progress, "DONE", null, clock.instant());
        } catch (RuntimeException | java.io.IOException e) {
            log.error("import {} failed", importId, e);
            records.finish(progress, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
        }
    }

    private void replay(ImportedOpportunity opportunity, MetaData metaData, ImportProgress progress) {
        List<Object> commands = opportunity.commands();
        int from = 0;
        if (directory.exists(opportunity.opportunityId().toString(), AggregateDirectory.OPPORTUNITY)) {
            // an earlier import of these files may have been cut short (kill -9, restart, store fault) after
            // creating it: compare its stream with the plan and send only what it does not hold yet
            ImportResume resume = ImportResume.of(
                    commands, directory.history(opportunity.opportunityId().toString()));
            for (Object refused : resume.refusedBefore()) {
                progress.reject(new RejectedRow(
                        OPPORTUNITIES,
                        opportunity.line(),
                        "Id " + opportunity.sourceId() + ": "
                                + refused.getClass().getSimpleName()
                                + " was refused by an earlier import of these files and is not sent again"));
            }
            if (resume.complete(commands)) {
                progress.opportunitiesSkipped++;
                return;
            }
            from = resume.resumeAt();
        }
        boolean appended = false;
        for (Object command : commands.subList(from, commands.size())) {
            Optional<String> refused = send(command, metaData);
            if (refused.isPresent()) {
                progress.reject(new RejectedRow(
                        OPPORTUNITIES,
                        opportunity.line(),
                        "Id " + opportunity.sourceId() + ": "
                                + command.getClass().getSimpleName() + " refused: " + refused.get()));
                if (command instanceof CreateOpportunity) {
                    return;
                }
            } else {
                appended = true;
                if (command instanceof CreateOpportunity) {
                    progress.opportunitiesCreated++;
                }
            }
        }
        if (from > 0) {
            // a command refused last time is refused again on the same state: nothing appended, nothing resumed
            if (appended) {
                progress.opportunitiesResumed++;
            } else {
                progress.opportunitiesSkipped++;
            }
        }
    }

    /** Sends one command; a refusal by a business rule is returned, anything else is thrown. */
    private Optional<String> send(Object command, MetaData metaData) {
        try {
            gateway.sendAndWait(command, metaData, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (CommandExecutionException e) {
            Optional<Object> details = e.getDetails();
            if (details.isPresent() && details.get() instanceof BusinessError error) {
                return Optional.of(error.code() + " " + error.message());
            }
            if (e.getCause() instanceof BusinessRuleException rule) {
                return Optional.of(rule.code() + " " + rule.getMessage());
            }
            throw e;
        } catch (BusinessRuleException rule) {
            return Optional.of(rule.code() + " " + rule.getMessage());
        }
    }

    private static Reader reader(byte[] bytes) {
        return new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
