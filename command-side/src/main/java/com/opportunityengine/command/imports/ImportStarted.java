package com.opportunityengine.command.imports;

/** {@code 202} answer of an import: where to follow it is in {@code Location}. */
record ImportStarted(String importId) {}
