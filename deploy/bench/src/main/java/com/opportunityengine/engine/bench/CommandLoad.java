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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
        // the owner of what the load creates must be a user of the engine (a second registration answers 409)
        try {
            BenchHttp.Reply owner = http.post(
                    "/api/admin/users",
                    "{\"userId\": \"alice\", \"displayName\": \"Alice\", \"roles\": [\"SALES_REP\"]}");
            if (owner.status() != 201 && owner.status() != 409) {
                throw new IllegalStateException(
                        "POST /api/admin/users answered " + owner.status() + ": " + owner.body());
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not register the load's owner", e);
        }
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
        return run(Collections.nCopies(clients, client), duration);
    }

    /**
     * Runs one client loop per entry of {@code clients}, each on a thread of its own with its own way of sending (e.g.
     * half of them against one node, half against another), for {@code duration}: commands/s over all of them.
     */
    static double run(List<Client> clients, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        try {
            for (Client client : clients) {
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

    /** What a contact race measured: contacts logged per second, and the client's resends after a 409. */
    record Race(double rate, long contacts, long resends) {}

    /** Resends of one contact after which the race gives up (the engine retries each conflict itself first). */
    private static final int MAX_RESENDS = 50;

    /**
     * Every client (one thread per entry of {@code clients}) logs contacts on the same opportunity for
     * {@code duration}, each contact under an {@code Idempotency-Key} of its own. A 409 (the engine's own retries of a
     * conflicting append ran out, or another node held the aggregate) is answered by sending the same request again
     * with the same key, counted as a resend; any other answer but 201 fails the run.
     */
    static Race contactRace(List<BenchHttp> clients, OpportunityId opportunity, Duration duration) throws Exception {
        String path = "/api/opportunities/" + opportunity + "/contacts";
        String body = """
                {"channel": "CALL", "direction": "OUTBOUND", "summary": "Discussed the proposal and next steps",
                 "participants": ["alice", "bob"], "outcome": "interested"}""";
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong resends = new AtomicLong();
        long started = System.nanoTime();
        List<Future<Long>> counts = new ArrayList<>();
        try {
            for (BenchHttp http : clients) {
                counts.add(pool.submit(() -> {
                    long logged = 0;
                    try {
                        while (System.nanoTime() < deadline && failure.get() == null) {
                            String key = "bench-race-" + UUID.randomUUID();
                            for (int attempt = 0; ; attempt++) {
                                BenchHttp.Reply reply = http.post(path, body, key);
                                if (reply.status() == 201) {
                                    break;
                                }
                                if (reply.status() != 409 || attempt >= MAX_RESENDS) {
                                    throw new IllegalStateException("POST " + path + " answered " + reply.status()
                                            + " (after " + attempt + " resends): " + reply.body());
                                }
                                resends.incrementAndGet();
                            }
                            logged++;
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                    return logged;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            double seconds = RawStore.seconds(started);
            if (failure.get() != null) {
                throw new IllegalStateException("a contact of the race failed", failure.get());
            }
            return new Race(total / seconds, total, resends.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
