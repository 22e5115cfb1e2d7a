package com.opportunityengine.store.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.events.opportunity.ContactLogged;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

class ContactLoggedUpcasterTest {

    static final String REVISION_1 = """
            {"opportunityId":"5b0a3c70-3c1f-4d0f-9c8e-2a4f1b7d9e01","contactId":"0e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",\
            "channel":"CALL","direction":"OUTBOUND","summary":"intro call","participants":["bob"],"outcome":null,\
            "occurredAt":"2024-05-01T10:00:00Z"}""";

    final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    IntermediateEventRepresentation stored(String type, String revision, String payload) {
        return new InitialEventRepresentation(
                new GenericDomainEventEntry<>(
                        "Opportunity", "opp", 1, "ev", "2024-05-01T10:00:00Z", type, revision, payload, "{}"),
                serializer);
    }

    @Test
    void revisionOneBecomesRevisionTwoWithANullDuration() {
        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new ContactLoggedUpcaster())
                .upcast(Stream.of(stored(ContactLoggedUpcaster.TYPE, "1", REVISION_1)))
                .toList();

        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType()).isEqualTo(new SimpleSerializedType(ContactLoggedUpcaster.TYPE, "2"));
        JsonNode payload = upcast.get(0).getData(JsonNode.class).getData();
        assertThat(payload.has("durationMinutes")).isTrue();
        assertThat(payload.get("durationMinutes").isNull()).isTrue();
        assertThat(payload.get("summary").asText()).isEqualTo("intro call");

        ContactLogged event = serializer.deserialize(upcast.get(0).getData());
        assertThat(event.summary()).isEqualTo("intro call");
        assertThat(event.durationMinutes()).isNull();
    }

    @Test
    void leavesRevisionTwoAndOtherEventsAlone() {
        IntermediateEventRepresentation current = stored(ContactLoggedUpcaster.TYPE, "2", REVISION_1);
        IntermediateEventRepresentation other =
                stored("com.opportunityengine.events.opportunity.OwnerAssigned", "1", "{}");
        List<IntermediateEventRepresentation> upcast = new EventUpcasterChain(new ContactLoggedUpcaster())
                .upcast(Stream.of(current, other))
                .toList();

        assertThat(upcast).containsExactly(current, other);
    }
}
