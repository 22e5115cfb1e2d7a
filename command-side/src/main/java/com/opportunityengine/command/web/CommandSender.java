package com.opportunityengine.command.web;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.platform.MetaDataKeys;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.security.User;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends a command for the current HTTP request and waits for its result. Every command carries
 * the request's metadata: {@code correlationId}, {@code actor} (the authenticated user's id, never
 * taken from the body, with {@code actorRoles} and {@code actorTeamUsers} for the aggregates' access
 * checks: the {@link Actor}, written by {@link ActorMetaData}), {@code idempotencyKey} when the caller sent
 * one, and {@code clientAddress}.
 * {@link MessageMetadataConfig} copies them onto every event the command causes.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final HttpServletRequest request;
    private final CurrentUser currentUser;
    private final Duration timeout;
    private final CommandMetrics metrics;

    CommandSender(
            CommandGateway gateway,
            HttpServletRequest request,
            CurrentUser currentUser,
            @Value("${engine.web.command-timeout:30s}") Duration timeout,
            CommandMetrics metrics) {
        this.gateway = gateway;
        this.request = request;
        this.currentUser = currentUser;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** Sends the command and returns what its handler returned (a version, or an id for a creation). */
    public <R> R send(Object command) {
        long started = System.nanoTime();
        try {
            R result = gateway.sendAndWait(command, metaData(), timeout.toMillis(), TimeUnit.MILLISECONDS);
            metrics.record(command, started, null);
            return result;
        } catch (RuntimeException failure) {
            metrics.record(command, started, failure);
            throw failure;
        }
    }

    /** Sends a command whose handler returns the aggregate's version after it. */
    public long sendForVersion(Object command) {
        Object result = send(command);
        if (!(result instanceof Number version)) {
            throw new IllegalStateException(
                    "the handler of " + command.getClass().getSimpleName() + " returned " + result
                            + " instead of the aggregate's version");
        }
        return version.longValue();
    }

    private MetaData metaData() {
        Map<String, Object> values = new HashMap<>();
        Object correlationId = request.getAttribute(RequestAttributes.CORRELATION_ID);
        values.put(
                MetaDataKeys.CORRELATION_ID,
                correlationId != null
                        ? correlationId.toString()
                        : UUID.randomUUID().toString());
        // the authenticated user, its roles and (for a manager) its team's users; never the body
        User user = currentUser.requireUser();
        values.putAll(ActorMetaData.of(Actor.user(user.userId(), user.roles(), currentUser.teamOf(user))));
        String idempotencyKey = request.getHeader(RequestAttributes.IDEMPOTENCY_KEY_HEADER);
        if (idempotencyKey != null) {
            values.put(MetaDataKeys.IDEMPOTENCY_KEY, idempotencyKey);
        }
        values.put(MetaDataKeys.CLIENT_ADDRESS, request.getRemoteAddr());
        return MetaData.from(values);
    }
}
