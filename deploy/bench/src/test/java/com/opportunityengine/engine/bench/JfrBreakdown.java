package com.opportunityengine.engine.bench;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Not a test: a main that aggregates a JFR recording of {@link CommandPathProfile} (docs/benchmark.md, "Where an
 * HTTP command's time goes"). From the first execution sample on a Tomcat request thread on (the fill before it is
 * left out): execution samples by thread, by top frame, by phase of the request (exclusive) and by component
 * (inclusive), and the waits of at least the recording's threshold (park, monitor, socket, file force) by the
 * nearest engine frame.
 * <pre>
 * java -cp ... com.opportunityengine.engine.bench.JfrBreakdown /tmp/cmd.jfr
 * </pre>
 */
public final class JfrBreakdown {
    static final String[][] MARKERS = {
        {"http-exec thread (all)", "org.apache.tomcat.util.threads.TaskThread"},
        {"BearerKeyFilter", "com.opportunityengine.security.BearerKeyFilter.doFilterInternal"},
        {"ApiKeys.authenticate", "com.opportunityengine.security.ApiKeys.authenticate"},
        {"UserDirectory.find", "com.opportunityengine.security.UserDirectory.find"},
        {"Spring Security chain", "org.springframework.security.web.FilterChainProxy.doFilter"},
        {"DispatcherServlet", "org.springframework.web.servlet.DispatcherServlet.doDispatch"},
        {"Jackson read", "com.fasterxml.jackson.databind.ObjectMapper.readValue"},
        {"Jackson read (reader)", "com.fasterxml.jackson.databind.ObjectReader.readValue"},
        {"Jackson write", "com.fasterxml.jackson.databind.ObjectWriter.writeValue"},
        {"Idempotency", "dempoten"},
        {"Axon gateway send", "org.axonframework.commandhandling.gateway"},
        {"Axon aggregate/UoW", "org.axonframework.messaging.unitofwork"},
        {"Mongo driver", "com.mongodb.internal"},
        {"mongo-java-server", "de.bwaldvogel.mongo"},
        {"WriteJournal", "WriteJournal"},
        {"Hash chain", "EventHash"},
        {"Tomcat/Coyote", "org.apache.coyote"},
        {"ContentCaching", "ContentCaching"},
        {"Problem handling", "ProblemDetail"},
    };

    public static void main(String[] a) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(a[0]));
        java.time.Instant start = events.stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")
                        && e.getThread("sampledThread") != null
                        && String.valueOf(e.getThread("sampledThread").getJavaName())
                                .startsWith("http-nio"))
                .map(RecordedEvent::getStartTime)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        events = events.stream().filter(e -> !e.getStartTime().isBefore(start)).toList();
        Map<String, Integer> top = new HashMap<>(), inclusive = new LinkedHashMap<>(), threads = new HashMap<>();
        Map<String, Integer> topHttp = new HashMap<>();
        int samples = 0, httpSamples = 0;
        Map<String, Integer> phases = new HashMap<>(), mvc = new HashMap<>();
        Map<String, double[]> waits = new TreeMap<>();
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) continue;
                samples++;
                String thread = e.getThread("sampledThread") == null
                        ? "?"
                        : e.getThread("sampledThread").getJavaName();
                String tk = thread == null ? "?" : thread.replaceAll("[0-9]+", "N");
                threads.merge(tk, 1, Integer::sum);
                RecordedFrame f = st.getFrames().get(0);
                String m =
                        f.getMethod().getType().getName() + "." + f.getMethod().getName();
                top.merge(m, 1, Integer::sum);
                String all = st.getFrames().stream()
                        .map(x -> x.getMethod().getType().getName() + "."
                                + x.getMethod().getName())
                        .collect(Collectors.joining("|"));
                boolean http = thread != null && thread.startsWith("http-nio");
                if (http) {
                    httpSamples++;
                    topHttp.merge(m, 1, Integer::sum);
                    String phase;
                    if (all.contains("ApiKeys.authenticate") || all.contains("UserDirectory.find"))
                        phase = "key + user look-ups";
                    else if (all.contains("org.axonframework.commandhandling.gateway"))
                        phase = "command (Axon gateway: handler, aggregate, append)";
                    else if (all.contains("DispatcherServlet.doDispatch"))
                        phase = "Spring MVC (mapping, body, validation, response)";
                    else if (all.contains("BearerKeyFilter") || all.contains("FilterChainProxy"))
                        phase = "filters (security and others)";
                    else phase = "Tomcat and the rest";
                    phases.merge(phase, 1, Integer::sum);
                    if (phase.startsWith("Spring MVC") || phase.startsWith("Tomcat")) {
                        String eng = st.getFrames().stream()
                                .map(x -> x.getMethod().getType().getName() + "."
                                        + x.getMethod().getName())
                                .filter(x -> x.startsWith("com.opportunityengine")
                                        || x.startsWith("com.fasterxml")
                                        || x.startsWith("org.hibernate.validator")
                                        || x.startsWith("io.micrometer")
                                        || x.startsWith("org.springframework.web.servlet.mvc.method.annotation")
                                        || x.startsWith("org.apache.catalina")
                                        || x.startsWith("org.apache.coyote"))
                                .findFirst()
                                .orElse("?");
                        String pk = eng.substring(0, Math.min(eng.length(), 80));
                        mvc.merge(phase.substring(0, 6) + " " + pk.replaceAll("\\.[^.]+$", ""), 1, Integer::sum);
                    }
                }
                for (String[] mk : MARKERS) {
                    if (mk[0].startsWith("http-exec")) continue;
                    if (http && all.contains(mk[1])) inclusive.merge(mk[0], 1, Integer::sum);
                }
            } else if (type.equals("jdk.ThreadPark")
                    || type.equals("jdk.JavaMonitorEnter")
                    || type.equals("jdk.FileForce")
                    || type.equals("jdk.SocketRead")
                    || type.equals("jdk.SocketWrite")
                    || type.equals("jdk.FileWrite")
                    || type.equals("jdk.JavaMonitorWait")) {
                String thread = e.getThread() == null
                        ? "?"
                        : String.valueOf(e.getThread().getJavaName()).replaceAll("[0-9]+", "N");
                String where = "";
                if (e.getStackTrace() != null) {
                    for (RecordedFrame f : e.getStackTrace().getFrames()) {
                        String n = f.getMethod().getType().getName();
                        if (n.startsWith("com.opportunityengine")) {
                            where = n.substring(n.lastIndexOf('.') + 1) + "."
                                    + f.getMethod().getName();
                            break;
                        }
                    }
                    if (where.isEmpty())
                        for (RecordedFrame f : e.getStackTrace().getFrames()) {
                            String n = f.getMethod().getType().getName();
                            if (n.startsWith("com.mongodb")
                                    || n.startsWith("de.bwaldvogel")
                                    || n.startsWith("org.axonframework")) {
                                where = n.substring(n.lastIndexOf('.') + 1) + "."
                                        + f.getMethod().getName();
                                break;
                            }
                        }
                }
                String k = type.substring(4) + " [" + thread + "] " + where;
                double[] v = waits.computeIfAbsent(k, x -> new double[2]);
                v[0]++;
                v[1] += e.getDuration().toNanos() / 1e6;
            }
        }
        System.out.printf("execution samples: %d, on http-nio threads: %d%n", samples, httpSamples);
        System.out.println("-- samples by thread kind");
        print(threads, samples, 12);
        System.out.println("-- top frames (all threads)");
        print(top, samples, 25);
        System.out.println("-- top frames (http threads)");
        print(topHttp, httpSamples, 20);
        System.out.println("-- exclusive phases, share of http-thread samples");
        print(phases, httpSamples, 10);
        System.out.println("-- MVC/Tomcat phases by nearest known frame's class");
        print(mvc, httpSamples, 25);
        System.out.println("-- inclusive, share of http-thread samples");
        print(inclusive, httpSamples, 40);
        Map<String, double[]> httpWaits = new TreeMap<>();
        waits.forEach((k, v) -> {
            if (k.contains("[http-nio")) {
                String w = k.substring(k.indexOf("] ") + 2);
                double[] t = httpWaits.computeIfAbsent(w.isEmpty() ? "(no engine frame)" : w, x -> new double[2]);
                t[0] += v[0];
                t[1] += v[1];
            }
        });
        System.out.println(
                "-- http-thread waits >= 1 ms by engine frame, every kind but ThreadPark of an idle pool thread");
        httpWaits.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]))
                .limit(20)
                .forEach(en ->
                        System.out.printf("%8.0f %10.1f ms  %s%n", en.getValue()[0], en.getValue()[1], en.getKey()));
        System.out.println("-- waits (count, total ms)");
        waits.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]))
                .limit(30)
                .forEach(en ->
                        System.out.printf("%8.0f %10.1f ms  %s%n", en.getValue()[0], en.getValue()[1], en.getKey()));
    }

    static void print(Map<String, Integer> m, int total, int n) {
        m.entrySet().stream()
                .sorted((x, y) -> y.getValue() - x.getValue())
                .limit(n)
                .forEach(en -> System.out.printf(
                        "%6.1f%%  %6d  %s%n", 100.0 * en.getValue() / total, en.getValue(), en.getKey()));
    }
}
