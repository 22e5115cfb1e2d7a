package com.opportunityengine.engine.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** An event payload to the JSON text the log stores and back, through Axon's Jackson serializer. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventSerialisationBenchmark {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(
                    new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
            .build();
    private final OpportunityCreated event = new OpportunityCreated(
            OpportunityId.random(),
            "Bench opportunity",
            "A benchmark opportunity of typical size",
            CustomerId.random(),
            "website",
            Money.of("125000.00", "CNY"),
            LocalDate.of(2030, 1, 31),
            UserId.of("alice"),
            PipelineId.DEFAULT,
            StageCode.of("initial-contact"),
            1,
            List.of(),
            Instant.parse("2026-11-28T03:35:38.565122507Z"));
    private final SerializedObject<String> serialized = serializer.serialize(event, String.class);

    @Benchmark
    public SerializedObject<String> serialise() {
        return serializer.serialize(event, String.class);
    }

    @Benchmark
    public Object deserialise() {
        return serializer.deserialize(serialized);
    }
}
