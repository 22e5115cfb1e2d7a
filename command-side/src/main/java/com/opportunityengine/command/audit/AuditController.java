package com.opportunityengine.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.platform.MetaDataKeys;
import com.opportunityengine.platform.input.BusinessTimeRange;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.store.HashChain;
import com.opportunityengine.store.KeyedSince;
import com.opportunityengine.store.StoredEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit API: an opportunity's history as stored, its state at a version or instant
 * (bitemporal), its hash chain checked, the whole log exported as NDJSON, and the running head.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final AggregateEvents aggregateEvents;
    private final HistoricalStates states;
    private final AuditHead head;
    private final LogExport export;
    private final ObjectMapper json;
    private final HashChain chain;
    private final KeyedSince keyedSince;

    AuditController(
            AggregateEvents aggregateEvents,
            HistoricalStates states,
            AuditHead head,
            LogExport export,
            ObjectMapper json,
            HashChain chain,
            KeyedSince keyedSince) {
        this.chain = chain;
        this.keyedSince = keyedSince;
        this.aggregateEvents = aggregateEvents;
        this.states = states;
        this.head = head;
        this.export = export;
        this.json = json;
    }

    @GetMapping("/opportunities/{id}/events")
    AuditedEvents events(@PathVariable String id) {
        requireOpportunity(id);
        List<AuditedEvent> items = new ArrayList<>();
        aggregateEvents.forEach(id, event -> items.add(toAudited(event)));
        return new AuditedEvents(items);
    }

    @GetMapping("/opportunities/{id}/state")
    HistoricalState state(
            @PathVariable String id,
            @RequestParam(required = false) Long version,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String knownAt) {
        if (version != null && version < 0) {
            throw new InvalidInputException("version", "must be 0 or more");
        }
        return states.stateOf(id, version, instant("asOf", asOf), instant("knownAt", knownAt));
    }

    @GetMapping("/opportunities/{id}/verify")
    ChainVerification verify(@PathVariable String id) {
        requireOpportunity(id);
        ChainVerifier verifier = new ChainVerifier(chain, keyedSince);
        aggregateEvents.forEach(id, verifier::accept);
        return verifier.result();
    }

    @GetMapping(value = "/events", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> log(
            @RequestParam(defaultValue = "0") long after, @RequestParam(required = false) Long limit) {
        if (after < 0) {
            throw new InvalidInputException("after", "must be 0 or more");
        }
        if (limit != null && limit < 1) {
            throw new InvalidInputException("limit", "must be 1 or more");
        }
        long max = limit == null ? Long.MAX_VALUE : limit;
        return ResponseEntity.ok().contentType(NDJSON).body(out -> export.write(after, max, out));
    }

    @GetMapping("/head")
    HeadCheckpoint head() {
        return head.current();
    }

    @GetMapping("/head/verify")
    HeadVerification verifyHead(@RequestParam long position, @RequestParam String hash) {
        if (position < 0) {
            throw new InvalidInputException("position", "must be 0 or more");
        }
        if (!hash.matches("[0-9a-fA-F]{64}") && !(position == 0 && hash.isEmpty())) {
            throw new InvalidInputException("hash", "must be a SHA-256 hash in hex (64 characters)");
        }
        return head.verify(position, hash);
    }

    private void requireOpportunity(String id) {
        if (!aggregateEvents.isOpportunity(id)) {
            throw new BusinessRuleException(ErrorCode.OPPORTUNITY_NOT_FOUND, "No opportunity " + id + " exists.");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 instant, e.g. 2026-03-01T09:30:00Z");
        }
        return BusinessTimeRange.check(name, instant);
    }

    private AuditedEvent toAudited(StoredEvent event) {
        JsonNode payload = parse(event.payload());
        JsonNode metaData = parse(event.metaData());
        String payloadType = event.payloadType();
        return new AuditedEvent(
                event.sequence(),
                payloadType.substring(payloadType.lastIndexOf('.') + 1),
                event.payloadRevision(),
                event.eventId(),
                payload.hasNonNull("occurredAt")
                        ? Instant.parse(payload.get("occurredAt").asText())
                        : null,
                Instant.parse(event.timestamp()),
                text(metaData, MetaDataKeys.ACTOR),
                text(metaData, MetaDataKeys.CORRELATION_ID),
                text(metaData, MetaDataKeys.CAUSATION_ID),
                text(metaData, MetaDataKeys.IDEMPOTENCY_KEY),
                text(metaData, MetaDataKeys.CLIENT_ADDRESS),
                payload,
                event.hash(),
                event.previousHash(),
                event.hashScheme(),
                event.hashKeyId());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text == null ? "null" : text);
        } catch (java.io.IOException e) {
            return json.getNodeFactory().textNode(text); // not JSON: shown as the stored text
        }
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** An opportunity's events as recorded, in stream order. */
    record AuditedEvents(List<AuditedEvent> items) {}
}
