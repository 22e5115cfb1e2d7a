package com.opportunityengine.engine.bench;

import com.opportunityengine.events.customer.CustomerId;
import java.time.Duration;

/**
 * Not a test: a main for profiling the command path (run it under JFR). Fills the log, waits for
 * the projections, then runs the gateway loop with 1 client (and optionally 4) for the given seconds,
 * printing commands/s next to a raw single durable write round. {@code --no-projections} shuts the
 * streaming processors down first, to see the command side alone; {@code --http} sends over HTTP;
 * {@code --clients=4} loops with that many clients; {@code --matrix} runs gateway and HTTP with 1 and 4 clients in
 * every round (each after its own raw round), as the bench's {@code commands.gateway.*} and {@code commands.http.*}.
 * <pre>
 * java -XX:StartFlightRecording=filename=/tmp/cmd.jfr,settings=profile -cp ... CommandPathProfile 10000 30 [--no-projections]
 * </pre>
 */
public final class CommandPathProfile {

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        Duration round = Duration.ofSeconds(Long.parseLong(args[1]));
        java.util.List<String> options = java.util.Arrays.asList(args).subList(2, args.length);
        boolean projections = !options.contains("--no-projections");
        boolean overHttp = options.contains("--http");
        boolean matrix = options.contains("--matrix");
        int clients = options.stream()
                .filter(option -> option.startsWith("--clients="))
                .mapToInt(option -> Integer.parseInt(option.substring("--clients=".length())))
                .findFirst()
                .orElse(1);
        try (EngineUnderTest engine = EngineUnderTest.start();
                BenchHttp http = new BenchHttp(engine)) {
            Projections all = new Projections(engine.eventProcessing(), engine.storageEngine());
            new LogFiller(engine.storageEngine()).fill(events / 10, events);
            System.out.println("caught up: " + all.awaitCaughtUp(Duration.ofMinutes(20)));
            if (!projections) {
                all.stopAllBut(java.util.Set.of());
            }
            CustomerId customer = CommandLoad.registerCustomer(engine.gateway());
            CommandLoad.Client viaGateway = CommandLoad.gateway(engine.gateway(), customer);
            CommandLoad.Client viaHttp = CommandLoad.http(http, customer);
            CommandLoad.Client gateway = overHttp ? viaHttp : viaGateway;
            RawStore raw = new RawStore(
                    engine.database(),
                    engine.database()
                            .getCollection(com.opportunityengine.store.MongoEventLogStorageEngine.EVENTS)
                            .find()
                            .first());
            CommandLoad.run(gateway, clients, Duration.ofSeconds(3));
            if (matrix) {
                CommandLoad.run(viaGateway, 4, Duration.ofSeconds(3));
                CommandLoad.run(viaHttp, 4, Duration.ofSeconds(3));
                for (int r = 0; r < 3; r++) {
                    for (String via : java.util.List.of("gateway", "http")) {
                        for (int n : new int[] {1, 4}) {
                            double rawRate = raw.singleDurableWrites(java.time.Duration.ofSeconds(1));
                            double rate = CommandLoad.run(via.equals("http") ? viaHttp : viaGateway, n, round);
                            System.out.printf(
                                    "round %d: %s %d client(s) %.1f commands/s, raw %.1f writes/s, ratio %.3f%n",
                                    r, via, n, rate, rawRate, rate / rawRate);
                        }
                    }
                }
                System.exit(0);
            }
            for (int r = 0; r < 3; r++) {
                double rawRate = raw.singleDurableWrites(java.time.Duration.ofSeconds(1));
                double rate = CommandLoad.run(gateway, clients, round);
                System.out.printf(
                        "round %d: raw %.1f writes/s, %d client(s) %.1f commands/s, ratio %.2f%n",
                        r, rawRate, clients, rate, rate / rawRate);
            }
        }
        System.exit(0);
    }
}
