package com.opportunityengine.command.assignment.web;

/** The body of {@code PUT /api/users/{userId}/capacity}: {@code maxOpen} null for no limit; {@code active} true when absent. */
record CapacityRequest(Integer maxOpen, Boolean active) {}
