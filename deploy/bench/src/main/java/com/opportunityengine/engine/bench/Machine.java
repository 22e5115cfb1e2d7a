package com.opportunityengine.engine.bench;

/**
 * Where a run took place.
 *
 * @param cores     available processors
 * @param maxHeap   maximum heap in MB
 * @param java      runtime version and vendor
 * @param os        name, version, architecture
 * @param store     {@code embedded}, or the MongoDB URI without credentials
 * @param startedAt ISO-8601 instant
 * @param profile   the profile run
 * @param load      the system load average when the run started (-1 when unknown)
 */
public record Machine(
        int cores, long maxHeap, String java, String os, String store, String startedAt, String profile, double load) {}
