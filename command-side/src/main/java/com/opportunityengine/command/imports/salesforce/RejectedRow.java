package com.opportunityengine.command.imports.salesforce;

/** A row the import could not use: which file, which line (the header is line 1) and why. */
public record RejectedRow(String file, long line, String reason) {}
