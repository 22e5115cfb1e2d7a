package com.opportunityengine.engine.bench;

import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.OpportunityId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Not a test: a main that measures where a command's time goes over HTTP, in one process so that every
 * phase shares the machine's load. Per request: the latency distribution (mean, p50, p90, p99, max, counts
 * over 10 and 35 ms); per phase: the server's mean time ({@code http.server.requests}), the CPU per request
 * of the Tomcat request threads, of the whole process and of the JIT compiler threads, the time the process's
 * threads spent runnable but waiting for a CPU, and their time slices (Linux {@code /proc/self/task/}).
 * <p>
 * Phases: {@code gateway.commands} (in process), {@code jdk.commands} (the JDK's {@code java.net.http} client,
 * HTTP/1.1, as the benchmark used until 2026-11), {@code bench.commands} ({@link BenchHttp}),
 * {@code raw.commands} (HTTP/1.1 written by hand on one kept-alive blocking socket with TCP_NODELAY, the head
 * and body in one write: the least a client can cost), {@code raw-nagle.commands} (the same without TCP_NODELAY
 * and with head and body in two writes), {@code urlconnection.commands} ({@link HttpURLConnection}), and
 * {@code GET /actuator/health} without and with a key ({@code jdk.health}, {@code jdk.health+key},
 * {@code raw.health}, {@code raw.health+key}). The query side's processors are paused. Each round runs every
 * phase once, in reverse order every other round.
 * <pre>
 * java [-Dclients=1,4] [-Dextra="--engine.x=y ..."] [-Dab="--engine.x=y ..."] -cp ... HttpLatencyProbe ITERATIONS ROUNDS [PHASE ...]
 * </pre>
 * {@code ITERATIONS} create/advance/contact loops (or 3 x that many health requests) per client and phase;
 * {@code -Dextra} passes arguments to the engine; {@code -Dab} starts a second engine with those arguments in
 * the same JVM and runs every phase against both ({@code A:} as started, {@code B:} with them).
 */
public final class HttpLatencyProbe {

    /** One way of doing one request; answers the status. */
    interface Exchange {
        int send(String method, String path, boolean auth, String body) throws Exception;
    }

    /** A phase for a number of concurrent clients: per-request latencies in nanoseconds. */
    interface Phase {
        long[] run(int clients, int iterations) throws Exception;
    }

    interface Factory<T> {
        T make() throws Exception;
    }

    private static final String CREATE = """
            {"opportunityId": "%s", "customerId": "%s", "title": "Bench opportunity",
             "description": "A benchmark opportunity of typical size", "source": "website",
             "amount": {"value": "125000.00", "currency": "CNY"}, "expectedCloseDate": "2030-01-31",
             "ownerId": "alice"}""";
    private static final String ADVANCE = """
            {"stage": "needs-confirmed"}""";
    private static final String CONTACT = """
            {"channel": "CALL", "direction": "OUTBOUND", "summary": "Discussed the proposal and next steps",
             "participants": ["alice", "bob"], "outcome": "interested"}""";

    private static final AtomicLong RAW_CONNECTIONS = new AtomicLong();
    private static final AtomicLong CLIENT_CPU = new AtomicLong();
    private static final String REQUEST_THREADS = "jvm:http-nio-auto-N-exec-N";

    public static void main(String[] args) throws Exception {
        int iterations = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> only = Arrays.asList(args).subList(2, args.length);
        List<Integer> clientCounts = Arrays.stream(
                        System.getProperty("clients", "1,4").split(","))
                .map(Integer::parseInt)
                .toList();
        String ab = System.getProperty("ab");
        try (EngineUnderTest engine = EngineUnderTest.start(arguments(System.getProperty("extra")));
                EngineUnderTest other = ab == null ? null : EngineUnderTest.start(arguments(ab));
                BenchHttp benchA = new BenchHttp(engine);
                BenchHttp benchB = other == null ? null : new BenchHttp(other)) {
            Map<String, Phase> phases = new LinkedHashMap<>();
            Map<String, MeterRegistry> metersOf = new HashMap<>();
            Map<String, Phase> ofA = phases(engine, benchA);
            Map<String, Phase> ofB = other == null ? Map.of() : phases(other, benchB);
            for (String name : ofA.keySet()) {
                if (only.isEmpty() || only.contains(name)) {
                    String a = other == null ? name : "A:" + name;
                    phases.put(a, ofA.get(name));
                    metersOf.put(a, engine.bean(MeterRegistry.class));
                    if (other != null) {
                        phases.put("B:" + name, ofB.get(name));
                        metersOf.put("B:" + name, other.bean(MeterRegistry.class));
                    }
                }
            }
            if (other != null) {
                System.out.println("A: " + System.getProperty("extra", "as configured") + "; B: " + ab);
            }
            for (Phase phase : phases.values()) {
                phase.run(1, Math.max(50, iterations / 5));
            }
            Map<String, List<long[]>> latencies = new LinkedHashMap<>();
            Map<String, double[]> totals = new LinkedHashMap<>();
            Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (int clients : clientCounts) {
                    List<Map.Entry<String, Phase>> order = new ArrayList<>(phases.entrySet());
                    if (r % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (var phase : order) {
                        String name = phase.getKey() + "." + clients;
                        MeterRegistry meters = metersOf.get(phase.getKey());
                        double[] serverBefore = serverTime(meters);
                        Map<String, Long> before = threadTimes();
                        long started = System.nanoTime();
                        long[] nanos = phase.getValue().run(clients, iterations);
                        double seconds = (System.nanoTime() - started) / 1e9;
                        double[] serverAfter = serverTime(meters);
                        Map<String, Long> after = threadTimes();
                        latencies.computeIfAbsent(name, k -> new ArrayList<>()).add(nanos);
                        double[] total = totals.computeIfAbsent(name, k -> new double[3]);
                        total[0] += serverAfter[0] - serverBefore[0];
                        total[1] += serverAfter[1] - serverBefore[1];
                        total[2] += seconds;
                        Map<String, Double> byGroup = threads.computeIfAbsent(name, k -> new TreeMap<>());
                        after.forEach((group, value) ->
                                byGroup.merge(group, perRequest(before, after, group, 1), Double::sum));
                        System.out.printf(
                                Locale.ROOT,
                                "round %d %-26s %s %5.0f/s  request threads %.3f, process %.2f,"
                                        + " jit %.2f, runnable waiting %.2f ms/req, %.1f slices/req%n",
                                r,
                                name,
                                summary(nanos),
                                nanos.length / seconds,
                                perRequest(before, after, REQUEST_THREADS, nanos.length),
                                perRequest(before, after, "PROCESS", nanos.length),
                                perRequest(before, after, "cpu:CN CompilerThre", nanos.length),
                                perRequest(before, after, "RUNQ", nanos.length),
                                perRequest(before, after, "SLICES", nanos.length));
                    }
                }
            }
            System.out.printf(
                    "%n%-30s %7s %s %9s %7s%n",
                    "phase (all rounds)", "n", "  mean    p50    p90    p99    max  >10ms >35ms", "server ms", "req/s");
            for (var entry : latencies.entrySet()) {
                long[] all =
                        entry.getValue().stream().flatMapToLong(Arrays::stream).toArray();
                double[] total = totals.get(entry.getKey());
                System.out.printf(
                        Locale.ROOT,
                        "%-30s %7d %s %9.3f %7.0f%n",
                        entry.getKey(),
                        all.length,
                        summary(all),
                        total[1] == 0 ? Double.NaN : total[0] / total[1],
                        all.length / total[2]);
            }
            System.out.println("raw-socket connections opened: " + RAW_CONNECTIONS.get());
            System.out.println("\nms per request by thread group (jvm: CPU by ThreadMXBean, cpu: on a CPU and"
                    + " runq: runnable waiting for one, by /proc/self/task/*/schedstat)");
            for (var entry : latencies.entrySet()) {
                long n = entry.getValue().stream().mapToLong(a -> a.length).sum();
                StringBuilder line = new StringBuilder();
                threads.get(entry.getKey()).entrySet().stream()
                        .filter(g -> g.getValue() / n > 0.02
                                && !g.getKey().equals("PROCESS")
                                && !g.getKey().equals("SLICES"))
                        .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                        .forEach(
                                g -> line.append(String.format(Locale.ROOT, " %s=%.2f", g.getKey(), g.getValue() / n)));
                System.out.printf(
                        Locale.ROOT,
                        "%-30s process=%.2f |%s%n",
                        entry.getKey(),
                        threads.get(entry.getKey()).get("PROCESS") / n,
                        line);
            }
        }
        System.exit(0);
    }

    private static String[] arguments(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank()
                ? new String[0]
                : spaceSeparated.trim().split(" +");
    }

    private static Map<String, Phase> phases(EngineUnderTest engine, BenchHttp bench) throws Exception {
        Projections projections = new Projections(engine.eventProcessing(), engine.storageEngine());
        new LogFiller(engine.storageEngine()).fill(200, 2000);
        projections.awaitCaughtUp(Duration.ofMinutes(5));
        projections.stopAllBut(Set.of());
        CustomerId customer = CommandLoad.registerCustomer(engine.gateway());
        CommandLoad.Client gateway = CommandLoad.gateway(engine.gateway(), customer);
        Map<String, Phase> phases = new LinkedHashMap<>();
        phases.put("gateway.commands", (clients, n) -> commands(clients, n, () -> gateway));
        phases.put("jdk.commands", (clients, n) -> {
            HttpClient jdk = jdkClient();
            return commands(clients, n, () -> overHttp(jdk(engine, jdk), customer));
        });
        phases.put("bench.commands", (clients, n) -> commands(clients, n, () -> CommandLoad.http(bench, customer)));
        phases.put("raw.commands", (clients, n) -> commands(clients, n, () -> overHttp(raw(engine, true), customer)));
        phases.put(
                "raw-nagle.commands",
                (clients, n) -> commands(clients, n, () -> overHttp(raw(engine, false), customer)));
        phases.put(
                "urlconnection.commands",
                (clients, n) -> commands(clients, n, () -> overHttp(urlConnection(engine), customer)));
        phases.put("jdk.health", (clients, n) -> {
            HttpClient jdk = jdkClient();
            return health(clients, n, () -> jdk(engine, jdk), false);
        });
        phases.put("jdk.health+key", (clients, n) -> {
            HttpClient jdk = jdkClient();
            return health(clients, n, () -> jdk(engine, jdk), true);
        });
        phases.put("raw.health", (clients, n) -> health(clients, n, () -> raw(engine, true), false));
        phases.put("raw.health+key", (clients, n) -> health(clients, n, () -> raw(engine, true), true));
        return phases;
    }

    /** {@code clients} threads, each with its own client, each {@code iterations} create/advance/contact loops. */
    private static long[] commands(int clients, int iterations, Factory<CommandLoad.Client> factory) throws Exception {
        return parallel(clients, () -> {
            CommandLoad.Client client = factory.make();
            long[] nanos = new long[iterations * 3];
            for (int i = 0; i < iterations; i++) {
                OpportunityId id = OpportunityId.random();
                long t0 = System.nanoTime();
                client.create(id);
                long t1 = System.nanoTime();
                client.advance(id);
                long t2 = System.nanoTime();
                client.contact(id);
                long t3 = System.nanoTime();
                nanos[3 * i] = t1 - t0;
                nanos[3 * i + 1] = t2 - t1;
                nanos[3 * i + 2] = t3 - t2;
            }
            return nanos;
        });
    }

    private static long[] health(int clients, int iterations, Factory<Exchange> factory, boolean auth)
            throws Exception {
        return parallel(clients, () -> {
            Exchange exchange = factory.make();
            long[] nanos = new long[iterations * 3];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                int status = exchange.send("GET", "/actuator/health", auth, null);
                nanos[i] = System.nanoTime() - t0;
                expect(status, 200);
            }
            return nanos;
        });
    }

    private static long[] parallel(int clients, Callable<long[]> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long cpu = threads.getCurrentThreadCpuTime();
                    try {
                        return work.call();
                    } finally {
                        CLIENT_CPU.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
                    }
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> result : results) {
                all.add(result.get());
            }
            return all.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static CommandLoad.Client overHttp(Exchange exchange, CustomerId customer) {
        return new CommandLoad.Client() {
            @Override
            public void create(OpportunityId id) throws Exception {
                expect(exchange.send("POST", "/api/opportunities", true, CREATE.formatted(id, customer)), 201);
            }

            @Override
            public void advance(OpportunityId id) throws Exception {
                expect(exchange.send("POST", "/api/opportunities/" + id + "/stage", true, ADVANCE), 200);
            }

            @Override
            public void contact(OpportunityId id) throws Exception {
                expect(exchange.send("POST", "/api/opportunities/" + id + "/contacts", true, CONTACT), 201);
            }
        };
    }

    private static void expect(int status, int expected) {
        if (status != expected) {
            throw new IllegalStateException("answered " + status + " instead of " + expected);
        }
    }

    /** The benchmark's client until 2026-11: {@code java.net.http}, HTTP/1.1, its default executor. */
    private static HttpClient jdkClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static Exchange jdk(EngineUnderTest engine, HttpClient client) {
        return (method, path, auth, body) -> {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(engine.uri(path)).timeout(Duration.ofSeconds(60));
            if (auth) {
                request.header("Authorization", engine.authorization());
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        };
    }

    private static Exchange urlConnection(EngineUnderTest engine) {
        return (method, path, auth, body) -> {
            HttpURLConnection connection =
                    (HttpURLConnection) engine.uri(path).toURL().openConnection();
            connection.setRequestMethod(method);
            if (auth) {
                connection.setRequestProperty("Authorization", engine.authorization());
            }
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        };
    }

    /**
     * HTTP/1.1 written by hand on one kept-alive blocking socket. With {@code noDelay} the head and body go in one
     * write on a TCP_NODELAY socket; without, in two writes with Nagle's algorithm on (the body then waits for the
     * server's delayed acknowledgement of the head).
     */
    private static Exchange raw(EngineUnderTest engine, boolean noDelay) {
        URI base = engine.uri("/");
        return new Exchange() {
            Socket socket;
            InputStream in;
            OutputStream out;

            @Override
            public int send(String method, String path, boolean auth, String body) throws Exception {
                if (socket == null) {
                    RAW_CONNECTIONS.incrementAndGet();
                    socket = new Socket(base.getHost(), base.getPort());
                    socket.setTcpNoDelay(noDelay);
                    in = new BufferedInputStream(socket.getInputStream(), 16384);
                    out = socket.getOutputStream();
                }
                byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(256)
                        .append(method)
                        .append(' ')
                        .append(path)
                        .append(" HTTP/1.1\r\nHost: ")
                        .append(base.getHost())
                        .append(':')
                        .append(base.getPort())
                        .append("\r\n");
                if (auth) {
                    head.append("Authorization: ")
                            .append(engine.authorization())
                            .append("\r\n");
                }
                if (body != null) {
                    head.append("Content-Type: application/json\r\nContent-Length: ")
                            .append(bytes.length)
                            .append("\r\n");
                }
                byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
                if (noDelay) {
                    byte[] all = Arrays.copyOf(headBytes, headBytes.length + bytes.length);
                    System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
                    out.write(all);
                } else {
                    out.write(headBytes);
                    out.flush();
                    out.write(bytes);
                }
                out.flush();
                int code = Integer.parseInt(line(in).substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
                if (chunked) {
                    for (long size = Long.parseLong(line(in).trim(), 16);
                            size > 0;
                            size = Long.parseLong(line(in).trim(), 16)) {
                        in.readNBytes((int) size);
                        line(in);
                    }
                    line(in);
                } else if (length > 0) {
                    in.readNBytes((int) length);
                }
                if (close) {
                    socket.close();
                    socket = null;
                }
                return code;
            }
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed mid-answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Total milliseconds and count of {@code http.server.requests}. */
    private static double[] serverTime(MeterRegistry meters) {
        double millis = 0;
        double count = 0;
        for (Timer timer : meters.find("http.server.requests").timers()) {
            millis += timer.totalTime(TimeUnit.MILLISECONDS);
            count += timer.count();
        }
        return new double[] {millis, count};
    }

    /**
     * Nanoseconds by thread group (digits in names folded to N): {@code jvm:} CPU of the live Java threads,
     * {@code cpu:} on a CPU, {@code runq:} runnable but waiting for a CPU (every native thread, GC and JIT
     * included), {@code slices:} time slices x 1e6; CLIENT the load's own threads, PROCESS the process's CPU,
     * RUNQ and SLICES summed over the threads.
     */
    private static Map<String, Long> threadTimes() {
        Map<String, Long> byGroup = new HashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                byGroup.merge("jvm:" + info.getThreadName().replaceAll("\\d+", "N"), nanos, Long::sum);
            }
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "N");
                    String[] sched =
                            Files.readString(task.resolve("schedstat")).trim().split(" ");
                    byGroup.merge("cpu:" + name, Long.parseLong(sched[0]), Long::sum);
                    byGroup.merge("runq:" + name, Long.parseLong(sched[1]), Long::sum);
                    byGroup.merge("RUNQ", Long.parseLong(sched[1]), Long::sum);
                    byGroup.merge("SLICES", Long.parseLong(sched[2]) * 1_000_000L, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread has ended
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byGroup.put("CLIENT", CLIENT_CPU.get());
        byGroup.put(
                "PROCESS",
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
        return byGroup;
    }

    /** The change of one group between two readings, in milliseconds per request. */
    private static double perRequest(Map<String, Long> before, Map<String, Long> after, String group, long requests) {
        return (after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L)) / 1e6 / requests;
    }

    static String summary(long[] nanos) {
        double mean = Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
        long over10 = Arrays.stream(nanos).filter(n -> n > 10_000_000).count();
        long over35 = Arrays.stream(nanos).filter(n -> n > 35_000_000).count();
        return String.format(
                Locale.ROOT,
                "%6.2f %6.2f %6.2f %6.2f %6.1f %6d %5d",
                mean,
                Stats.percentileMillis(nanos, 50),
                Stats.percentileMillis(nanos, 90),
                Stats.percentileMillis(nanos, 99),
                Stats.percentileMillis(nanos, 100),
                over10,
                over35);
    }
}
