package com.opportunityengine.engine.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** Latency of the funnel and pipeline queries over HTTP, one client, after a warm-up. */
final class QueryLatency {

    /** p50 and p99 in milliseconds. */
    record Latency(double p50, double p99) {}

    private final BenchHttp http;

    QueryLatency(BenchHttp http) {
        this.http = http;
    }

    /** True when the engine answers the query side's pipeline endpoint. */
    boolean available() throws Exception {
        return http.get(pipelinePath()).status() == 200;
    }

    String funnelPath() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "/api/funnel?pipeline=default&from=" + today.minusDays(366) + "&to=" + today.plusDays(1);
    }

    String pipelinePath() {
        return "/api/pipeline?pipeline=default";
    }

    Latency measure(String path, int requests) throws Exception {
        for (int i = 0; i < Math.max(5, requests / 5); i++) {
            check(path, http.get(path));
        }
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            BenchHttp.Reply response = http.get(path);
            nanos[i] = System.nanoTime() - started;
            check(path, response);
        }
        return new Latency(Stats.percentileMillis(nanos, 50), Stats.percentileMillis(nanos, 99));
    }

    private static void check(String path, BenchHttp.Reply response) {
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.status() + ": " + response.body());
        }
    }
}
