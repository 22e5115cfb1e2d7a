package com.opportunityengine.engine.bench;

import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.platform.MetaDataKeys;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

/**
 * Fills the log fast: realistic opportunity histories ({@link SyntheticHistories}, a year of
 * business time) appended straight through the engine's own storage engine in batches of 1,000
 * events (serialised, hash-chained and made durable as every append is), not through commands.
 * Each opportunity gets its share of the event budget: its history cut short, or padded with
 * contacts.
 * <p>
 * The log is in business-time order, as the log of a CRM in use is: a year of traffic appended as
 * it happened. Opportunities are generated in chunks of 1,000, each chunk created within its own
 * slice of the year, and a queue holds the events of earlier chunks that happen after the next
 * slice starts, so memory holds the histories still running, never the whole year. (Until
 * 2026-11-28 each chunk spanned the whole year and was appended opportunity by opportunity, like a
 * bulk import of whole histories: every processor batch then touched read-model documents spread
 * over the whole year; docs/benchmark.md, "Log fill".)
 */
final class LogFiller {

    private static final int CHUNK = 1_000;
    private static final int BATCH = 1_000;
    /** One opportunity in this many gets a follow-up task (the task list reads of the benchmark read them). */
    static final int TASK_EVERY = 4;

    private final EventStorageEngine engine;
    private final Consumer<Runnable> eachAppend;
    private final Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final Instant from = to.minus(Duration.ofDays(365));
    private long seed = 20_260_301L;
    private long opportunitiesWritten;
    private CustomerId firstCustomer;
    private long eventsWritten;

    LogFiller(EventStorageEngine engine) {
        this(engine, Runnable::run);
    }

    /** {@code eachAppend} runs each batch's append, e.g. in a unit of work of its own (the peer's JDBC engine). */
    LogFiller(EventStorageEngine engine, Consumer<Runnable> eachAppend) {
        this.engine = engine;
        this.eachAppend = eachAppend;
    }

    /** An event of the fill, with its aggregate sequence number; {@code order} keeps an opportunity's events in order. */
    private record Pending(OpportunityEvent event, long sequence, long order) {}

    /** Appends {@code opportunities} new opportunities holding {@code events} events in all, in business-time order. */
    void fill(int opportunities, long events) {
        MetaData metaData = MetaData.from(Map.of(
                MetaDataKeys.ACTOR,
                "bench-fill",
                MetaDataKeys.CORRELATION_ID,
                UUID.randomUUID().toString()));
        PriorityQueue<Pending> pending = new PriorityQueue<>(
                Comparator.comparing((Pending p) -> p.event().occurredAt()).thenComparingLong(Pending::order));
        List<EventMessage<?>> batch = new ArrayList<>(BATCH);
        int chunks = Math.max(1, (opportunities + CHUNK - 1) / CHUNK);
        long span = Duration.between(from, to).getSeconds();
        long order = 0;
        for (int c = 0; c < chunks; c++) {
            int made = (int) ((long) opportunities * c / chunks);
            int chunk = (int) ((long) opportunities * (c + 1) / chunks) - made;
            Instant sliceFrom = from.plusSeconds(span * c / chunks);
            Instant nextSlice = from.plusSeconds(span * (c + 1) / chunks);
            Map<OpportunityId, List<OpportunityEvent>> histories = new LinkedHashMap<>();
            for (OpportunityEvent event : SyntheticHistories.generate(seed++, chunk, sliceFrom, nextSlice, to)) {
                histories
                        .computeIfAbsent(event.opportunityId(), id -> new ArrayList<>())
                        .add(event);
            }
            int i = made;
            for (List<OpportunityEvent> history : histories.values()) {
                long share = Math.max(1, events * (i + 1) / opportunities - events * i / opportunities);
                OpportunityCreated created = (OpportunityCreated) history.get(0);
                if (firstCustomer == null) {
                    firstCustomer = created.customerId();
                }
                // every TASK_EVERY-th opportunity with room for it gets a follow-up task for its owner at creation
                boolean task = i % TASK_EVERY == 0 && share >= 2;
                i++;
                for (int k = 0; k < share; k++) {
                    int h = task && k >= 1 ? k - 1 : k;
                    OpportunityEvent event = task && k == 1
                            ? followUp(created, i)
                            : h < history.size() ? history.get(h) : contact(history.get(history.size() - 1));
                    pending.add(new Pending(event, k, order++));
                }
            }
            opportunitiesWritten += histories.size();
            // later chunks are created from the next slice on: what happens before it is final
            boolean last = c == chunks - 1;
            while (!pending.isEmpty()
                    && (last || pending.peek().event().occurredAt().isBefore(nextSlice))) {
                Pending next = pending.poll();
                batch.add(new GenericDomainEventMessage<>(
                        "Opportunity",
                        next.event().opportunityId().toString(),
                        next.sequence(),
                        next.event(),
                        metaData));
                if (batch.size() >= BATCH) {
                    flush(batch);
                }
            }
        }
        flush(batch);
    }

    private void flush(List<EventMessage<?>> batch) {
        if (!batch.isEmpty()) {
            List<EventMessage<?>> appended = List.copyOf(batch);
            eachAppend.accept(() -> engine.appendEvents(appended));
            eventsWritten += batch.size();
            batch.clear();
        }
    }

    /**
     * A follow-up task for the opportunity's owner, scheduled when it was created and due 3 to 21 days later (so that
     * most of a year's tasks are overdue now, as in a CRM nobody cleans up).
     */
    private static FollowUpScheduled followUp(OpportunityCreated created, int index) {
        return new FollowUpScheduled(
                created.opportunityId(),
                TaskId.random(),
                created.ownerId(),
                created.occurredAt().plus(Duration.ofDays(3 + index % 19)),
                TaskType.CALL,
                "Call back about the offer",
                created.occurredAt());
    }

    /** The customer of the first opportunity filled (the list reads' customer), or null before any fill. */
    CustomerId firstCustomer() {
        return firstCustomer;
    }

    private static ContactLogged contact(OpportunityEvent last) {
        return new ContactLogged(
                last.opportunityId(),
                ContactId.random(),
                ContactChannel.EMAIL,
                ContactDirection.OUTBOUND,
                "Follow-up mail with the updated offer",
                List.of("alice"),
                "awaiting answer",
                last.occurredAt(),
                5);
    }

    long opportunitiesWritten() {
        return opportunitiesWritten;
    }

    long eventsWritten() {
        return eventsWritten;
    }
}
