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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * one the job's document records the move and where to go on ({@link HandOverJobs}). The node running a job holds
 * a lease on it, renewed with every move; a RUNNING job that nobody holds (its node died, or it restarts under the
 * same node id) is taken over, from where it got to, by the next command node that looks: at start and every half
 * lease. An opportunity handled twice (moved, then the crash came before its record) is not moved twice: the command
 * changes nothing once the opportunity is no longer the departing owner's. {@code pause} spaces the moves, so that a
 * large hand-over leaves room for users' commands.
 */
public class HandOvers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HandOvers.class);

    private final HandOverJobs jobs;
    private final OpenOpportunities open;
    private final Assigner assigner;
    private final CommandGateway gateway;
    private final Clock clock;
    private final Duration timeout;
    private final String runner;
    private final Duration lease;
    private final Duration pause;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "assignment-handover");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "assignment-handover-watch");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param runner this node's id, the holder of the leases it takes
     * @param lease how long a job stays this node's without a move (longer than a command may take)
     * @param pause the time between two moves of a job (zero: none)
     */
    public HandOvers(
            HandOverJobs jobs,
            OpenOpportunities open,
            Assigner assigner,
            CommandGateway gateway,
            Clock clock,
            Duration timeout,
            String runner,
            Duration lease,
            Duration pause) {
        this.jobs = jobs;
        this.open = open;
        this.assigner = assigner;
        this.gateway = gateway;
        this.clock = clock;
        this.timeout = timeout;
        this.runner = runner;
        this.lease = lease;
        this.pause = pause;
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
        if (nothing) {
            jobs.start(job);
        } else {
            jobs.start(job, runner, clock.instant().plus(lease));
            submit(jobId, false);
        }
        return job;
    }

    public Optional<HandOverJob> find(String jobId) {
        return jobs.find(jobId);
    }

    /** Resumes the hand-overs a stop or a crash cut off, now and then every half lease. */
    @EventListener(ApplicationReadyEvent.class)
    public void watch() {
        resumeInterrupted();
        long every = Math.max(1000, lease.toMillis() / 2);
        watcher.scheduleWithFixedDelay(this::resumeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues every RUNNING hand-over this node is not already running; each takes its lease when its turn comes
     * ({@link #run}), so one that another node still holds is left to it.
     */
    public void resumeInterrupted() {
        for (HandOverJob job : jobs.running()) {
            submit(job.jobId(), true);
        }
    }

    private void resumeQuietly() {
        try {
            resumeInterrupted();
        } catch (RuntimeException e) {
            // the store may be away for a while; the next round tries again
            log.warn("could not look for interrupted hand-overs: {}", e.toString());
        }
    }

    private void submit(String jobId, boolean resumed) {
        if (queued.add(jobId)) {
            executor.submit(() -> {
                try {
                    run(jobId, resumed);
                } finally {
                    queued.remove(jobId);
                }
            });
        }
    }

    private void run(String jobId, boolean resumed) {
        // the lease: this node's from the start, or taken now (unclaimed, this node's before a restart, or run out);
        // a job another node holds is left to it
        if (!jobs.claim(jobId, runner, clock.instant(), clock.instant().plus(lease))) {
            return;
        }
        HandOverJob job = jobs.find(jobId).orElseThrow();
        if (resumed) {
            log.info(
                    "resuming hand-over {} of {} at {} of {}",
                    job.jobId(),
                    job.fromUserId(),
                    job.next(),
                    job.opportunityIds().size());
        }
        try {
            MetaData metaData =
                    MetaData.from(Map.of(MetaDataKeys.CORRELATION_ID, jobId, MetaDataKeys.ACTOR, job.requestedBy()));
            for (int i = job.next(); i < job.opportunityIds().size(); i++) {
                if (i > job.next() && !pause.isZero()) {
                    Thread.sleep(pause.toMillis());
                }
                String opportunityId = job.opportunityIds().get(i);
                HandOverJob.Move move = move(job, opportunityId, metaData);
                if (!jobs.handled(jobId, runner, move, i + 1, clock.instant().plus(lease))) {
                    log.info("hand-over {} was taken over by another node at {}", jobId, i);
                    return;
                }
            }
            jobs.finish(jobId, runner, "DONE", null, clock.instant());
        } catch (InterruptedException e) {
            // stopping: the lease runs out and the job is resumed where it got to
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("hand-over {} failed", jobId, e);
            jobs.finish(jobId, runner, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
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
        watcher.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
