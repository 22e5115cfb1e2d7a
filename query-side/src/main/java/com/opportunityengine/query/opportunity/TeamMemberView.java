package com.opportunityengine.query.opportunity;

/** A collaborator on an opportunity and the role they play. */
record TeamMemberView(String memberId, String role) {}
