package com.opportunityengine.store.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code ContactLogged} revision 1 to revision 2: revision 2 added {@code durationMinutes}, which
 * revision-1 events never recorded, so it is set to null. The stored event is never changed
 * (its hash covers the stored text); readers get revision 2. A bean, so the store's upcaster
 * chain ({@code StoreConfiguration}) picks it up in both apps.
 */
@Component
@Order(0)
public class ContactLoggedUpcaster extends SingleEventUpcaster {

    static final String TYPE = "com.opportunityengine.events.opportunity.ContactLogged";
    private static final SerializedType REVISION_1 = new SimpleSerializedType(TYPE, "1");
    private static final SerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode upcast = ((ObjectNode) payload).deepCopy();
            if (!upcast.has("durationMinutes")) {
                upcast.putNull("durationMinutes");
            }
            return upcast;
        });
    }
}
