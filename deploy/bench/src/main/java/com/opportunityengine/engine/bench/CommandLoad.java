package com.opportunityengine.engine.bench;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.platform.MetaDataKeys;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

/**
 * The command load: each client loops create opportunity, advance its stage, log a contact (three
 * commands, three events), either in process through the {@link CommandGateway} or over HTTP
 * against the engine's command API ({@link BenchHttp}). Reports commands/s; any refused command fails
 * the run.
 */
final class CommandLoad {

    /** One client's way of sending the three commands of an iteration. */
    interface Client {
        void create(OpportunityId id) throws Exception;

        void advance(OpportunityId id) throws Exception;

        void contact(OpportunityId id) throws Exception;
    }

    private static final StageCode NEXT_STAGE = StageCode.of("needs-confirmed");

    private CommandLoad() {}

    /** Registers the customer every benchmark opportunity belongs to. */
    static CustomerId registerCustomer(CommandGateway gateway) {
        CustomerId customer = CustomerId.random();
        gateway.sendAndWait(new RegisterCustomer(
                customer, "Bench customer", "Bench Ltd", "software", "east", "enterprise", null, null, null));
        return customer;
    }

    static Client gateway(CommandGateway gateway, CustomerId customer) {
        MetaData metaData = MetaData.from(Map.of(
                MetaDataKeys.ACTOR,
                "bench",
                MetaDataKeys.CORRELATION_ID,
                UUID.randomUUID().toString()));
        return new Client() {
            @Override
            public void create(OpportunityId id) {
                gateway.sendAndWait(
                        new CreateOpportunity(
                                id,
                                "Bench opportunity",
                                "A benchmark opportunity of typical size",
                                customer,
                                "website",
                                Money.of("125000.00", "CNY"),
                                LocalDate.of(2030, 1, 31),
                                UserId.of("alice"),
                                null,
                                null,
                                List.of(),
                                null),
                        metaData);
            }

            @Override
            public void advance(OpportunityId id) {
                gateway.sendAndWait(new AdvanceStage(id, NEXT_STAGE, null, null, null), metaData);
            }

            @Override
            public void contact(OpportunityId id) {
                gateway.sendAndWait(
                        new LogContact(
                                id,
                                null,
                                ContactChannel.CALL,
                                ContactDirection.OUTBOUND,
                                "Discussed the proposal and next steps",
                                List.of("alice", "bob"),
                                "interested",
                                null,
                                null),
                        metaData);
            }
        };
    }

    static Client http(BenchHttp http, CustomerId customer) {
        return new Client() {
            @Override
            public void create(OpportunityId id) throws Exception {
                post(http, "/api/opportunities", """
                        {"opportunityId": "%s", "customerId": "%s", "title": "Bench opportunity",
                         "description": "A benchmark opportunity of typical size", "source": "website",
                         "amount": {"value": "125000.00", "currency": "CNY"}, "expectedCloseDate": "2030-01-31",
                         "ownerId": "alice"}""".formatted(id, customer), 201);
            }

            @Override
            public void advance(OpportunityId id) throws Exception {
                post(http, "/api/opportunities/" + id + "/stage", """
                        {"stage": "needs-confirmed"}""", 200);
            }

            @Override
            public void contact(OpportunityId id) throws Exception {
                post(http, "/api/opportunities/" + id + "/contacts", """
                        {"channel": "CALL", "direction": "OUTBOUND", "summary": "Discussed the proposal and next steps",
                         "participants": ["alice", "bob"], "outcome": "interested"}""", 201);
            }
        };
    }

    private static void post(BenchHttp http, String path, String body, int expected) throws Exception {
        BenchHttp.Reply reply = http.post(path, body);
        if (reply.status() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + reply.status() + ": " + reply.body());
        }
    }

    /** Runs {@code clients} clients for {@code duration}: commands/s over all of them. */
    static double run(Client client, int clients, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                counts.add(pool.submit(() -> {
                    long sent = 0;
                    try {
                        while (System.nanoTime() < deadline && failure.get() == null) {
                            OpportunityId id = OpportunityId.random();
                            client.create(id);
                            client.advance(id);
                            client.contact(id);
                            sent += 3;
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                    return sent;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            double seconds = RawStore.seconds(started);
            if (failure.get() != null) {
                throw new IllegalStateException("a command failed under load", failure.get());
            }
            return total / seconds;
        } finally {
            pool.shutdownNow();
        }
    }
}
