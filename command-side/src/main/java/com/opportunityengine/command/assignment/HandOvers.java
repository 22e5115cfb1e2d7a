package com.opportunityengine.command.assignment;

import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.HandOverOpportunity;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.platform.MetaDataKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * Runs hand-overs in the background, one at a time: every open opportunity of the departing owner (as the
 * command side's ledger knows them when the hand-over starts) goes, one after the other, to the member of the
 * target the strategy chooses ({@link Assigner#handOver}), as a {@link HandOverOpportunity} command whose event
 * is an {@code OwnerAssigned} with reason HANDOVER, the decision, and the open tasks that moved along. After each
 * one the job's document records the move and where to go on ({@link HandOverJobs}); a job found RUNNING when a
 * command node starts is resumed from there. An opportunity handled twice (moved, then the crash came before
 * its record) is not moved twice: the command changes nothing once the opportunity is no longer the departing
 * owner's.
 */
public class HandOvers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HandOvers.class);

    private final HandOverJobs jobs;
    private final OpenOpportunities open;
    private final Assigner assigner;
    private final CommandGateway gateway;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "assignment-handover");
        thread.setDaemon(true);
        return thread;
    });

    public HandOvers(
            HandOverJobs jobs,
            OpenOpportunities open,
            Assigner assigner,
            CommandGateway gateway,
            Clock clock,
            Duration timeout) {
        this.jobs = jobs;
        this.open = open;
        this.assigner = assigner;
        this.gateway = gateway;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Records the hand-over durably and queues it (DONE at once when there is nothing open to move). */
    public HandOverJob start(String fromUserId, AssignTo target, AssignmentStrategy strategy, String requestedBy) {
        List<String> opportunities = open.ownedOpen(fromUserId);
        String jobId = UUID.randomUUID().toString();
        boolean nothing = opportunities.isEmpty();
        HandOverJob job = new HandOverJob(
                jobId,
                fromUserId,
                target,
                strategy,
                nothing ? "DONE" : "RUNNING",
                opportunities,
                0,
                List.of(),
                requestedBy,
                clock.instant(),
                nothing ? clock.instant() : null,
                null);
        jobs.start(job);
        if (!nothing) {
            executor.submit(() -> run(jobId));
        }
        return job;
    }

    public Optional<HandOverJob> find(String jobId) {
        return jobs.find(jobId);
    }

    /** Resumes every hand-over a stop or a crash cut off. */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        for (HandOverJob job : jobs.running()) {
            log.info(
                    "resuming hand-over {} of {} at {} of {}",
                    job.jobId(),
                    job.fromUserId(),
                    job.next(),
                    job.opportunityIds().size());
            executor.submit(() -> run(job.jobId()));
        }
    }

    private void run(String jobId) {
        HandOverJob job = jobs.find(jobId).orElseThrow();
        if (!job.status().equals("RUNNING")) {
            return;
        }
        try {
            MetaData metaData =
                    MetaData.from(Map.of(MetaDataKeys.CORRELATION_ID, jobId, MetaDataKeys.ACTOR, job.requestedBy()));
            for (int i = job.next(); i < job.opportunityIds().size(); i++) {
                String opportunityId = job.opportunityIds().get(i);
                jobs.handled(jobId, move(job, opportunityId, metaData), i + 1);
            }
            jobs.finish(jobId, "DONE", null, clock.instant());
        } catch (RuntimeException e) {
            log.error("hand-over {} failed", jobId, e);
            jobs.finish(jobId, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
        }
    }

    private HandOverJob.Move move(HandOverJob job, String opportunityId, MetaData metaData) {
        if (!Objects.equals(open.owner(opportunityId), job.fromUserId())) {
            return new HandOverJob.Move(opportunityId, "SKIPPED", null);
        }
        Optional<Assignment> chosen = assigner.handOver(
                "handover-" + job.jobId(), job.target(), job.strategy(), job.fromUserId(), clock.instant());
        if (chosen.isEmpty()) {
            return new HandOverJob.Move(opportunityId, "NO_CANDIDATE", null);
        }
        Assignment assignment = chosen.get();
        try {
            gateway.sendAndWait(
                    new HandOverOpportunity(
                            OpportunityId.of(opportunityId),
                            UserId.of(job.fromUserId()),
                            assignment.ownerId(),
                            assignment.decision(),
                            null),
                    metaData,
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (CommandExecutionException e) {
            if (e.getDetails().filter(BusinessError.class::isInstance).isPresent()
                    || e.getCause() instanceof BusinessRuleException) {
                return new HandOverJob.Move(opportunityId, "SKIPPED", null);
            }
            throw e;
        } catch (BusinessRuleException e) {
            return new HandOverJob.Move(opportunityId, "SKIPPED", null);
        }
        return new HandOverJob.Move(opportunityId, "MOVED", assignment.ownerId().toString());
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
