package com.opportunityengine.engine.bench;

import com.opportunityengine.events.customer.CustomerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list reads a CRM user makes all day, over HTTP, one client (as {@link QueryLatency}): a page of one owner's
 * opportunities, of the open ones at a stage, of one assignee's tasks and of the overdue tasks, and a customer's
 * behaviour. The owner and assignee are one of the fill's twelve reps ({@code rep-3}), the customer the fill's first.
 */
final class ListReads {

    /** A read: its figure name ({@code list.<name>.{p50,p99}.{small,large}}) and its path. */
    record Read(String name, String path) {}

    private ListReads() {}

    static List<Read> reads(CustomerId customer) {
        return List.of(
                new Read("opportunities.by-owner", "/api/opportunities?owner=rep-3&size=20"),
                new Read(
                        "opportunities.by-status-stage",
                        "/api/opportunities?status=OPEN&stage=needs-confirmed&size=20"),
                new Read("tasks.by-assignee", "/api/tasks?assignee=rep-3&size=20"),
                new Read("tasks.overdue", "/api/tasks?overdue=true&size=20"),
                new Read("customer.behavior", "/api/customers/" + customer + "/behavior"));
    }

    /**
     * Requests per read and size: a third of the queries' (quick: 100), at least 20. On the embedded store a list read
     * at 100k opportunities scans its collection (hundreds of milliseconds), and five reads of 300 requests each took
     * six minutes of a quick run (2026-12-04).
     */
    static int requests(BenchProfile profile) {
        return Math.max(20, profile.queryRequests() / 3);
    }

    /** Each read's p50 and p99 over {@code requests} requests after a warm-up, by read name, in order. */
    static Map<String, QueryLatency.Latency> measure(QueryLatency queries, List<Read> reads, int requests)
            throws Exception {
        Map<String, QueryLatency.Latency> latencies = new LinkedHashMap<>();
        for (Read read : reads) {
            latencies.put(read.name(), queries.measure(read.path(), requests));
        }
        return latencies;
    }
}
