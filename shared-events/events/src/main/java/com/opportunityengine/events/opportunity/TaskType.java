package com.opportunityengine.events.opportunity;

/** What a follow-up task asks for. */
public enum TaskType {
    CALL,
    EMAIL,
    MEETING,
    TODO
}
