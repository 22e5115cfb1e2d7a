package com.opportunityengine.platform.problem;

/** One entry of a problem's {@code errors}: the field, parameter or header as the caller named it, and what is wrong. */
public record FieldProblem(String field, String message) {}
