package com.opportunityengine.query.projection;

import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** The position of the newest event of the log, as the tracking processors see it. */
@Component
class LogHead {

    private final EventStore eventStore;

    LogHead(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** The head position, or null for an empty log. */
    Long position() {
        TrackingToken head = eventStore.createHeadToken();
        if (head == null) {
            return null;
        }
        OptionalLong position = head.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
