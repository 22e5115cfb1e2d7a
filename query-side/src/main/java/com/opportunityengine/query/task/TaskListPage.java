package com.opportunityengine.query.task;

import java.util.List;

/** A page of tasks: {@code {items, page, size, total}}. */
record TaskListPage(List<TaskView> items, int page, int size, long total) {}
