package com.opportunityengine.query.winprobability;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The compact log under a busy hour: small documents, business order across read batches, idempotent filing. */
class BusinessTimeLogStoreTest {

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("wp-log");

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void aPersonsForecastIsFiledForTheLearnerAndReadBackAsItWas() {
        ForecastUpdated forecast = new ForecastUpdated(
                OpportunityId.random(), 60, ForecastCategory.BEST_CASE, Instant.parse("2026-05-04T10:00:00Z"));
        assertThat(BusinessTimeLogStore.relevant(forecast)).isTrue();
        BusinessTimeLogStore log = new BusinessTimeLogStore(database);

        assertThat(log.append(forecast, 4)).isTrue();

        List<OpportunityEvent> read = new ArrayList<>();
        new BusinessTimeLogStore(database).inBusinessOrder(null).forEach(read::add);
        assertThat(read).containsExactly(forecast);
    }

    @Test
    void aBusyHourFilesSmallDocumentsAndReadsBackInBusinessOrder() {
        Instant hour = Instant.parse("2026-05-04T10:00:00Z");
        List<OpportunityEvent> events = new ArrayList<>();
        // 3 events in each of 350 seconds: more seconds than one read batch holds
        for (int second = 0; second < 350; second++) {
            for (int k = 0; k < 3; k++) {
                Instant at = hour.plusSeconds(second * 10L).plusMillis(100L * k);
                events.add(new ContactLogged(OpportunityId.random(), null, null, null, null, null, null, at, null));
            }
        }
        List<OpportunityEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(5));
        BusinessTimeLogStore log = new BusinessTimeLogStore(database);
        for (OpportunityEvent event : shuffled) {
            assertThat(log.append(event, 3)).isTrue();
        }
        assertThat(log.append(shuffled.get(17), 3)).as("filed before").isFalse();

        int largest = 0;
        for (Document second :
                database.getCollection(BusinessTimeLogStore.SECONDS).find()) {
            largest = Math.max(largest, second.getList("events", Document.class).size());
        }
        assertThat(largest).isEqualTo(3);

        List<Instant> read = new ArrayList<>();
        new BusinessTimeLogStore(database).inBusinessOrder(null).forEach(e -> read.add(e.occurredAt()));
        assertThat(read).hasSize(events.size()).isSortedAccordingTo(Comparator.naturalOrder());

        Instant upTo = hour.plusSeconds(1234).plusMillis(100);
        List<Instant> upToRead = new ArrayList<>();
        log.inBusinessOrder(upTo).forEach(e -> upToRead.add(e.occurredAt()));
        assertThat(upToRead)
                .isEqualTo(read.stream().filter(at -> !at.isAfter(upTo)).toList());
    }
}
