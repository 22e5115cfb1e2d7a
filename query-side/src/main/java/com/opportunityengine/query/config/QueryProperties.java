package com.opportunityengine.query.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the query side ({@code engine.query.*}).
 *
 * @param minVersionTimeout how long a read with {@code minVersion} waits for its view before answering 503
 * @param segments          initial number of segments of each projection's token: how many query nodes can share it
 * @param batchSize         events handled per unit of work, token update and flush of the staged writes
 * @param deadLetterCollection the collection holding every processing group's dead letters
 * @param readyLag          a query node is ready (readiness probe) once every processor it runs is at most this many
 *                          events behind the head of the log
 */
@ConfigurationProperties("engine.query")
public record QueryProperties(
        @DefaultValue("5s") Duration minVersionTimeout,
        @DefaultValue("4") int segments,
        @DefaultValue("2000") int batchSize,
        @DefaultValue("qv_dead_letters") String deadLetterCollection,
        @DefaultValue("1000") long readyLag) {}
