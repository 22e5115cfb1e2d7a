package com.opportunityengine.engine.jmh;

import com.opportunityengine.store.EventHashes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The hash every append computes per event ({@link EventHashes#eventHash}), on an event of typical size. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventHashBenchmark {

    private final String payload = """
            {"opportunityId":"2aaff51d-7b62-4169-aa95-3db1b41070d3","title":"Bench opportunity","description":"A benchmark \
            opportunity of typical size","customerId":"f16bbd3f-bcf8-4a4d-b7f1-c333d73b7188","source":"website","amount":\
            {"value":"125000.00","currency":"CNY"},"expectedCloseDate":"2030-01-31","ownerId":"alice","pipeline":"default",\
            "stage":"initial-contact","stageOrder":1,"relatedOpportunityIds":[],"occurredAt":"2026-11-28T03:35:38.565122507Z"}""";
    private final String metaData = """
            {"actor":"anonymous","causationId":"2467cfac-7817-434c-a8b6-9fb717d9f7e7","correlationId":\
            "51b0e58a-2fe4-4681-8183-574501cc9146","clientAddress":"127.0.0.1"}""";
    private final String previous = "531d5e69d5bf7afea810f341a27ea0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7";

    @Benchmark
    public String eventHash() {
        return EventHashes.eventHash(
                "2aaff51d-7b62-4169-aa95-3db1b41070d3",
                7L,
                "Opportunity",
                "db5c23d9-dcb3-496a-aed9-bc7b75f8d421",
                "2026-11-28T03:35:38.565326926Z",
                "com.opportunityengine.events.opportunity.OpportunityCreated",
                "1",
                payload,
                metaData,
                previous);
    }

    @Benchmark
    public String headHash() {
        return EventHashes.headHash(previous, 123_456L, previous);
    }
}
