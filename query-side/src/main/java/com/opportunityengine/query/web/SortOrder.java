package com.opportunityengine.query.web;

/** A sort order on one public field of a list answer. */
public record SortOrder(String field, boolean ascending) {}
