package com.opportunityengine.query.cluster;

import java.time.Instant;
import java.util.List;

/** A live query node: its id, role, the processors it runs and its last heartbeat. */
public record QueryNode(String id, String role, List<String> processors, Instant heartbeatAt) {}
