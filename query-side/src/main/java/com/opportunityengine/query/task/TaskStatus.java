package com.opportunityengine.query.task;

/** A follow-up task is open until it is completed. */
enum TaskStatus {
    OPEN,
    COMPLETED
}
