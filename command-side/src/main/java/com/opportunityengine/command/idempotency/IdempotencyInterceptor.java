package com.opportunityengine.command.idempotency;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.opportunityengine.command.web.RequestAttributes;
import com.opportunityengine.platform.problem.InvalidInputException;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Honours {@code Idempotency-Key} on POST, PUT, PATCH and DELETE: the first request with a key
 * runs and, if it succeeds (2xx), its response is recorded; a repeat with the same method, path
 * and body gets that response again (with {@code Idempotent-Replayed: true}) and runs nothing; a
 * reuse with anything different is refused (422); a repeat while the first still runs gets 409.
 * A failed request (4xx, 5xx) releases its key, so the client can fix the request and retry with it.
 */
class IdempotencyInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyInterceptor.class);
    /** Reads decimals exactly (1.50 stays 1.50) and writes object members sorted by key. */
    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final String CLAIMED = IdempotencyInterceptor.class.getName() + ".claimed";
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> RECORDED_HEADERS =
            Set.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE);

    static final String REPLAYS = "engine.idempotency.replays";

    private final IdempotencyLedger ledger;
    private final Counter replays;

    IdempotencyInterceptor(IdempotencyLedger ledger, Counter replays) {
        this.ledger = ledger;
        this.replays = replays;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        String key = request.getHeader(RequestAttributes.IDEMPOTENCY_KEY_HEADER);
        if (key == null || !METHODS.contains(request.getMethod())) {
            return true;
        }
        if (!KEY_FORMAT.matcher(key).matches()) {
            throw new InvalidInputException(
                    RequestAttributes.IDEMPOTENCY_KEY_HEADER, "must be 1 to 255 visible ASCII characters");
        }
        key = ledgerKey(request.getRemoteUser(), key);
        Claim claim = ledger.claim(key, fingerprint(request));
        if (claim instanceof Claim.Replay replay) {
            replays.increment();
            replay(replay.response(), response);
            return false;
        }
        request.setAttribute(CLAIMED, key);
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        Object key = request.getAttribute(CLAIMED);
        if (key == null) {
            return;
        }
        ContentCachingResponseWrapper buffered =
                WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        int status = response.getStatus();
        if (ex != null || buffered == null || status < 200 || status >= 300) {
            ledger.release((String) key);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RECORDED_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        if (response.getContentType() != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, response.getContentType());
        }
        String body = new String(buffered.getContentAsByteArray(), StandardCharsets.UTF_8);
        try {
            ledger.complete((String) key, new StoredResponse(status, headers, body));
        } catch (RuntimeException e) {
            log.error(
                    "could not record the response for Idempotency-Key {}; a retry will run the command again", key, e);
            ledger.release((String) key);
        }
    }

    /**
     * Keys are the caller's: the ledger files them under {@code <userId>:<key>} (a user id holds no
     * ':'), so that nobody replays, or learns of, another user's request by guessing its key.
     */
    static String ledgerKey(String userId, String key) {
        return (userId == null ? "" : userId) + ":" + key;
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws java.io.IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        if (stored.body() != null) {
            byte[] body = stored.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /**
     * SHA-256 over the method, the path with its query and the body: a JSON body in its canonical form (keys sorted,
     * no whitespace), so that the same JSON written otherwise is the same request; any other body as sent.
     */
    /** The JSON text in canonical form, or the bytes as they are when they are not one JSON document. */
    static byte[] canonical(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            return CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.readValue(body, Object.class));
        } catch (IOException notJson) {
            return body;
        }
    }

    static String fingerprint(HttpServletRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            String query = request.getQueryString();
            digest.update(
                    (request.getRequestURI() + (query != null ? "?" + query : "")).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            Object body = request.getAttribute(RequestAttributes.BODY_BYTES);
            if (body instanceof byte[] bytes) {
                digest.update(canonical(bytes));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
