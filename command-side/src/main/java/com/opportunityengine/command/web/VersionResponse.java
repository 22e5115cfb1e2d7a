package com.opportunityengine.command.web;

/** The answer of a command that changes an aggregate: its version (sequence number) after the command. */
public record VersionResponse(long version) {}
