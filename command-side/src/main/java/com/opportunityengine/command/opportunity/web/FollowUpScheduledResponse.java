package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.TaskId;

/** The answer of {@code POST /api/opportunities/{id}/tasks}: the task and the opportunity's version. */
record FollowUpScheduledResponse(TaskId taskId, long version) {}
