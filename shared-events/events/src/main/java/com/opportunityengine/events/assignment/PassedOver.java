package com.opportunityengine.events.assignment;

import com.opportunityengine.events.common.UserId;

/** A member of the pool who did not get the opportunity, and why. */
public record PassedOver(UserId userId, PassOverReason reason) {}
