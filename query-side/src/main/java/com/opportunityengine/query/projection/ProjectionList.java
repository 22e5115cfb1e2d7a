package com.opportunityengine.query.projection;

import java.util.List;

/** The answer to {@code GET /api/admin/projections}. */
record ProjectionList(List<ProjectionStatus> items) {}
