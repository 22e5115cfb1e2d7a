package com.opportunityengine.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of an opportunity's history as stored (never upcasted: the record as written).
 *
 * @param sequence       its sequence number in the opportunity's stream (the version after it)
 * @param type           the payload type's simple name, e.g. {@code StageChanged}
 * @param revision       the payload's revision as stored
 * @param eventId        the event's identifier
 * @param occurredAt     business time (from the payload)
 * @param recordedAt     record time (when the engine wrote it)
 * @param actor          who acted
 * @param correlationId  the request it belongs to
 * @param causationId    the command message that caused it
 * @param idempotencyKey the caller's idempotency key, when one was sent
 * @param clientAddress  where the request came from
 * @param payload        the payload as stored
 * @param hash           its hash ({@code com.opportunityengine.store.EventHashes})
 * @param previousHash   the hash of the event before it (absent at sequence 0)
 * @param hashScheme     {@code hmac-sha256} when its hash is keyed with the chain key (absent: plain SHA-256)
 * @param hashKeyId      the id of the chain key of a keyed hash (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditedEvent(
        long sequence,
        String type,
        String revision,
        String eventId,
        Instant occurredAt,
        Instant recordedAt,
        String actor,
        String correlationId,
        String causationId,
        String idempotencyKey,
        String clientAddress,
        JsonNode payload,
        String hash,
        String previousHash,
        String hashScheme,
        String hashKeyId) {}
