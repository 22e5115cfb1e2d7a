package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.pipeline.StageCode;

/** The answer of {@code POST /api/opportunities/{id}/stage}. */
record StageResponse(StageCode stage, long version) {}
