package com.opportunityengine.command.web;

/** One entry of a problem document's {@code errors}: the field as named in the JSON, and what is wrong. */
public record FieldProblem(String field, String message) {
}
