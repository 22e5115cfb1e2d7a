package com.opportunityengine.query.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.store.ReadModels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

/**
 * Reads (never writes) the tracking tokens of Axon's Mongo token store: per segment of a processor, the node holding
 * its claim and the position its token has reached, whichever node holds it. Axon's {@code TokenStore} API only
 * shows a node its own claims.
 */
@Component
public class TokenClaimStore {

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;
    private final ClusterProperties properties;
    private final Clock clock;

    TokenClaimStore(
            @ReadModels MongoDatabase database, Serializer serializer, ClusterProperties properties, Clock clock) {
        this.tokens =
                DefaultMongoTemplate.builder().mongoDatabase(database).build().trackingTokensCollection();
        this.serializer = serializer;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every segment of {@code processor}, by segment id; the owner is absent when nobody holds a live claim. */
    public List<SegmentClaim> claims(String processor) {
        Instant expiredBefore = clock.instant().minus(properties.claimTimeout());
        List<SegmentClaim> claims = new ArrayList<>();
        for (Document document :
                tokens.find(Filters.eq("processorName", processor)).sort(Sorts.ascending("segment"))) {
            String owner = document.getString("owner");
            Number claimedAt = document.get("timestamp", Number.class);
            if (owner != null
                    && claimedAt != null
                    && Instant.ofEpochMilli(claimedAt.longValue()).isBefore(expiredBefore)) {
                owner = null; // a claim that timed out: anyone may take it
            }
            TrackingToken token = token(document);
            OptionalLong position = token == null ? OptionalLong.empty() : token.position();
            claims.add(new SegmentClaim(
                    document.get("segment", Number.class).intValue(),
                    owner,
                    position.isPresent() ? position.getAsLong() : null,
                    ReplayToken.isReplay(token)));
        }
        return claims;
    }

    private TrackingToken token(Document document) {
        Binary bytes = document.get("token", Binary.class);
        String type = document.getString("tokenType");
        if (bytes == null || type == null) {
            return null;
        }
        SerializedType serializedType = new SimpleSerializedType(type, null);
        return serializer.deserialize(new SimpleSerializedObject<>(bytes.getData(), byte[].class, serializedType));
    }
}
