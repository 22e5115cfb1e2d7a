package com.opportunityengine.query.task;

import java.util.List;

/** A page of tasks and how many match in all. */
record TaskPage(List<TaskState> items, long total) {}
