package com.opportunityengine.command.idempotency;

import java.util.Map;

/** A response recorded for an idempotency key: replayed as it was for a repeat of the request. */
record StoredResponse(int status, Map<String, String> headers, String body) {

    StoredResponse {
        headers = Map.copyOf(headers);
    }
}
