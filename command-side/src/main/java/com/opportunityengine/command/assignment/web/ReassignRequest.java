package com.opportunityengine.command.assignment.web;

import java.util.List;

/** The body of {@code POST /api/assignment/reassign}: whose open opportunities go where, and how. */
record ReassignRequest(String fromUserId, String toTeamId, List<String> toUserIds, String strategy) {}
