package com.opportunityengine.command.opportunity;

import com.opportunityengine.events.common.UserId;

/** A collaborator on an opportunity's team and the role they play there. */
public record TeamMember(UserId memberId, String role) {}
