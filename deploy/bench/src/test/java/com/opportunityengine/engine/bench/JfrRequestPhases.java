package com.opportunityengine.engine.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Not a test: aggregates a JFR recording of {@link CommandPathProfile} {@code --http} into where the HTTP request
 * threads' (Tomcat's {@code http-nio-*-exec-*}) time goes: the share of their execution samples under each stage of
 * a request (inclusive, by frame), the top self frames, and their waits (park, monitor, socket, file force) in total.
 * <pre>
 * java -XX:StartFlightRecording=filename=/tmp/cmd.jfr,settings=profile,locking-threshold=0ms,socket-threshold=0ms,file-threshold=0ms ...
 * java -cp deploy/bench/target/test-classes com.opportunityengine.engine.bench.JfrRequestPhases /tmp/cmd.jfr
 * </pre>
 */
public final class JfrRequestPhases {

    /** Stages of a request, by a frame on the stack (class name prefix, then optionally "#method"). */
    private static final Map<String, List<String>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put(
                "Spring MVC dispatch (DispatcherServlet)",
                List.of("org.springframework.web.servlet.DispatcherServlet#doDispatch"));
        STAGES.put("API key filter (BearerKeyFilter)", List.of("com.opportunityengine.security.BearerKeyFilter"));
        STAGES.put("  of it: ApiKeys.authenticate", List.of("com.opportunityengine.security.ApiKeys#authenticate"));
        STAGES.put("Spring Security chain (all)", List.of("org.springframework.security.web.FilterChainProxy"));
        STAGES.put("body read and JSON parse (Jackson)", List.of("com.fasterxml.jackson.databind.ObjectMapper#read"));
        STAGES.put(
                "JSON write (Jackson)",
                List.of(
                        "com.fasterxml.jackson.databind.ObjectMapper#write",
                        "org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter#writeInternal"));
        STAGES.put(
                "body buffering filter (RequestBodyLimitFilter)",
                List.of("com.opportunityengine.command.web.RequestBodyLimitFilter"));
        STAGES.put("idempotency ledger", List.of("com.opportunityengine.command.idempotency", "Idempoten"));
        STAGES.put(
                "command gateway send (Axon, incl. the append)", List.of("org.axonframework.commandhandling.gateway"));
        STAGES.put(
                "  of it: event store append / commit",
                List.of("com.opportunityengine.store.MongoEventLogStorageEngine"));
        STAGES.put("MongoDB driver (any)", List.of("com.mongodb."));
        STAGES.put("embedded store server (any)", List.of("de.bwaldvogel."));
        STAGES.put("problem handling", List.of("com.opportunityengine.platform.problem"));
        STAGES.put("metrics / observation", List.of("io.micrometer."));
    }

    public static void main(String[] args) throws Exception {
        Map<String, Long> stageSamples = new LinkedHashMap<>();
        STAGES.keySet().forEach(stage -> stageSamples.put(stage, 0L));
        Map<String, Long> self = new HashMap<>();
        Map<String, Duration> waits = new LinkedHashMap<>();
        Map<String, Long> waitCounts = new LinkedHashMap<>();
        long samples = 0;
        long allSamples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            RecordedThread thread = event.getThread();
            boolean requestThread = thread != null
                    && thread.getJavaName() != null
                    && thread.getJavaName().contains("-exec-");
            if (type.equals("jdk.ExecutionSample")) {
                allSamples++;
                RecordedThread sampled = event.getThread("sampledThread");
                if (sampled == null
                        || sampled.getJavaName() == null
                        || !sampled.getJavaName().contains("-exec-")) {
                    continue;
                }
                samples++;
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                for (Map.Entry<String, List<String>> stage : STAGES.entrySet()) {
                    if (frames.stream().anyMatch(frame -> matches(frame, stage.getValue()))) {
                        stageSamples.merge(stage.getKey(), 1L, Long::sum);
                    }
                }
            } else if (requestThread
                    && List.of(
                                    "jdk.ThreadPark",
                                    "jdk.JavaMonitorEnter",
                                    "jdk.SocketRead",
                                    "jdk.SocketWrite",
                                    "jdk.FileForce",
                                    "jdk.FileWrite",
                                    "jdk.FileRead")
                            .contains(type)) {
                waits.merge(type, event.getDuration(), Duration::plus);
                waitCounts.merge(type, 1L, Long::sum);
            } else if (type.equals("jdk.FileForce")) {
                waits.merge("jdk.FileForce (other threads)", event.getDuration(), Duration::plus);
                waitCounts.merge("jdk.FileForce (other threads)", 1L, Long::sum);
            }
        }
        System.out.printf("execution samples: %d in all, %d on request threads%n", allSamples, samples);
        for (Map.Entry<String, Long> stage : stageSamples.entrySet()) {
            System.out.printf("  %-50s %5.1f %%%n", stage.getKey(), 100.0 * stage.getValue() / Math.max(1, samples));
        }
        long onRequests = Math.max(1, samples);
        System.out.println("top self frames on request threads:");
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15)
                .forEach(entry ->
                        System.out.printf("  %5.1f %%  %s%n", 100.0 * entry.getValue() / onRequests, entry.getKey()));
        System.out.println("waits (request threads unless said):");
        waits.forEach((type, total) ->
                System.out.printf("  %-32s %8d events %10.1f ms%n", type, waitCounts.get(type), total.toNanos() / 1e6));
    }

    private static boolean matches(RecordedFrame frame, List<String> patterns) {
        String type = frame.getMethod().getType().getName();
        String method = frame.getMethod().getName();
        for (String pattern : patterns) {
            int hash = pattern.indexOf('#');
            if (hash >= 0) {
                if (type.equals(pattern.substring(0, hash)) && method.startsWith(pattern.substring(hash + 1))) {
                    return true;
                }
            } else if (type.startsWith(pattern) || (!pattern.contains(".") && type.contains(pattern))) {
                return true;
            }
        }
        return false;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
