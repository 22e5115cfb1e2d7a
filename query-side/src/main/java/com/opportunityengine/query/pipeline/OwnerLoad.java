package com.opportunityengine.query.pipeline;

import java.time.Instant;

/**
 * What the pipeline projection knows of one owner: how many open opportunities they hold (with an amount or not) and
 * when, in business time, the last one was given to them (created for them or handed to them; null if never).
 */
record OwnerLoad(String owner, long open, Instant lastAssignedAt) {}
