package com.opportunityengine.store;

import java.time.Instant;
import org.axonframework.eventhandling.EventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;

/**
 * A logged event that belongs to no aggregate. It must not be a {@code DomainEventData}, or Axon
 * would read it back as a domain event.
 */
final class TrackedNonDomainEventData implements TrackedEventData<String> {

    private final TrackingToken token;
    private final EventData<String> data;

    TrackedNonDomainEventData(TrackingToken token, EventData<String> data) {
        this.token = token;
        this.data = data;
    }

    @Override
    public TrackingToken trackingToken() {
        return token;
    }

    @Override
    public String getEventIdentifier() {
        return data.getEventIdentifier();
    }

    @Override
    public Instant getTimestamp() {
        return data.getTimestamp();
    }

    @Override
    public SerializedObject<String> getMetaData() {
        return data.getMetaData();
    }

    @Override
    public SerializedObject<String> getPayload() {
        return data.getPayload();
    }
}
