package com.opportunityengine.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.common.AggregateDirectory;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStoreAggregateDirectoryTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(storage).build();
    private final AggregateDirectory directory = new EventStoreAggregateDirectory(eventStore);

    @AfterEach
    void tearDown() {
        eventStore.shutDown();
    }

    @Test
    void anAggregateExistsWhenItsStreamBelongsToItsType() {
        storage.appendEvents(new GenericDomainEventMessage<>(AggregateDirectory.CUSTOMER, "c-1", 0, "registered"));

        assertThat(directory.exists("c-1", AggregateDirectory.CUSTOMER)).isTrue();
        assertThat(directory.exists("c-1", AggregateDirectory.OPPORTUNITY)).isFalse();
        assertThat(directory.exists("c-2", AggregateDirectory.CUSTOMER)).isFalse();
    }
}
