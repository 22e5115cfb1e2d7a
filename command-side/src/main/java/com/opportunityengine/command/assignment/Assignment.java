package com.opportunityengine.command.assignment;

import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.common.UserId;

/** The owner the rules chose and how. */
public record Assignment(UserId ownerId, AssignmentDecision decision) {}
